// An API failure in the server's words: code, message and, when it has one, a hint.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** The text to show a person for any thrown value. */
export function describeError(e: unknown): { message: string; hint?: string } {
  if (e instanceof ApiError) return e.hint ? { message: e.message, hint: e.hint } : { message: e.message }
  if (e instanceof Error) return { message: e.message }
  return { message: String(e) }
}

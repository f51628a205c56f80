// One fetch wrapper for every API call: JSON in and out, the session cookie, the CSRF header
// on state changes, and errors turned into ApiError with the server's message and hint.
import { ApiError } from './errors'
import type { ApiErrorBody, Session } from './types'

const base = '/api/v1'
let session: Promise<Session> | null = null

/** The current session (fetched once; the CSRF token comes from here). */
export function getSession(): Promise<Session> {
  if (!session) {
    session = request<Session>('GET', '/session').catch((e: unknown) => {
      session = null
      throw e
    })
  }
  return session
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

function query(params?: Record<string, string | number | undefined>): string {
  if (!params) return ''
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}

/** A path segment, escaped (names may hold '.', '-' and such). */
export function seg(value: string): string {
  return encodeURIComponent(value)
}

async function failure(res: Response): Promise<ApiError> {
  let body: unknown = null
  try {
    body = await res.json()
  } catch {
    // not JSON: fall through to a generic message
  }
  const err = (body as Partial<ApiErrorBody> | null)?.error
  if (err && typeof err.message === 'string') {
    return new ApiError(res.status, err.code ?? 'error', err.message, err.hint)
  }
  if (res.status === 401) {
    return new ApiError(401, 'unauthenticated', 'This browser has no Flowfile session.',
      'Open the URL that `flowfile ui` printed (it holds a one-time token).')
  }
  return new ApiError(res.status, 'http_error', `The server answered ${res.status} ${res.statusText}.`)
}

export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  params?: Record<string, string | number | undefined>,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (method !== 'GET') headers['X-Flowfile-CSRF'] = (await getSession()).csrf_token
  // A POST or PUT always carries a JSON body, if only {} (the server refuses bodiless ones).
  if (body === undefined && (method === 'POST' || method === 'PUT')) body = {}
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const res = await fetch(base + path + query(params), {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? null : JSON.stringify(body),
    signal,
  })
  if (!res.ok) throw await failure(res)
  if (res.status === 204) return undefined as T
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

/** A GET whose answer is kept as text (a file download), with the same errors as request(). */
export async function requestText(path: string, params?: Record<string, string | number | undefined>): Promise<string> {
  const res = await fetch(base + path + query(params), { credentials: 'same-origin' })
  if (!res.ok) throw await failure(res)
  return res.text()
}

// Display helpers shared by the tables.

/** An ISO-8601 time (or epoch milliseconds) as local date and time; the input when it does not parse. */
export function formatTime(t: string | number | undefined | null): string {
  if (t === undefined || t === null || t === '') return ''
  const d = new Date(t)
  return Number.isNaN(d.getTime()) ? String(t) : d.toLocaleString()
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return ''
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let v = n
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`
}

/** A cell as text: null shows as an empty marker, objects as JSON. */
export function formatCell(v: unknown): string {
  if (v === null || v === undefined) return '∅'
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

/** A duration in milliseconds, to a tenth below 10 ms. */
export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`
}

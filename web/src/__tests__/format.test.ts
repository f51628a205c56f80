import { describe, expect, it } from 'vitest'
import { formatBytes, formatCell, formatMs, formatTime } from '../components/format'

describe('display helpers', () => {
  it('format cells, sizes and times', () => {
    expect(formatCell(null)).toBe('∅')
    expect(formatCell({ a: 1 })).toBe('{"a":1}')
    expect(formatCell(3)).toBe('3')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(2048)).toBe('2.0 KiB')
    expect(formatTime('not a time')).toBe('not a time')
    expect(formatTime(0)).not.toBe('')
    expect(formatTime(null)).toBe('')
    expect(formatMs(0.160381)).toBe('0.2 ms')
    expect(formatMs(123.6)).toBe('124 ms')
  })
})

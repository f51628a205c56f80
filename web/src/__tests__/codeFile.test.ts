import { describe, expect, it } from 'vitest'
import { codeFileName } from '../pages/designer/codeFile'

describe('generated code file names', () => {
  it('follow the flow file and the target', () => {
    expect(codeFileName('flows/sales report.yaml', 'python')).toBe('sales_report.py')
    expect(codeFileName('flows/etl.yml', 'cpp')).toBe('etl.cpp')
    expect(codeFileName('flows/a/b.json', 'sql')).toBe('b.sql')
    expect(codeFileName(null, 'python')).toBe('flow.py')
    expect(codeFileName('flows/日本.yaml', 'sql')).toBe('flow.sql')
  })
})

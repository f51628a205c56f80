// Generated code targets: what the panel calls them and the file a download is saved as.
export type CodeTarget = 'python' | 'cpp' | 'sql'

export const codeTargets: { target: CodeTarget; label: string; extension: string }[] = [
  { target: 'python', label: 'Python', extension: 'py' },
  { target: 'cpp', label: 'C++', extension: 'cpp' },
  { target: 'sql', label: 'SQL', extension: 'sql' },
]

/** `flows/sales report.yaml` + python -> `sales_report.py`; no flow file -> `flow.py`. */
export function codeFileName(flowPath: string | null, target: CodeTarget): string {
  const base = (flowPath ?? 'flow').split('/').pop()!.replace(/\.(ya?ml|json)$/i, '')
  const safe = base.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'flow'
  const extension = codeTargets.find((t) => t.target === target)!.extension
  return `${safe}.${extension}`
}

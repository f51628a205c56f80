// The delete warning of a connection, from the flows that use it.
import type { ConnectionUsage } from '../api/types'

/** "Delete NAME? Used by N flows: a, b (they fail until they name another connection)." */
export function usageQuestion(name: string, usage: ConnectionUsage | null): string {
  if (usage === null) return `Delete ${name}? (Which flows use it could not be checked.)`
  const flows = usage.flows.map((f) => f.path.replace(/^flows\//, ''))
  let text = `Delete ${name}? `
  if (flows.length === 0) {
    text += 'No flow in this workspace uses it.'
  } else {
    const shown = flows.length > 5 ? [...flows.slice(0, 5), `and ${flows.length - 5} more`] : flows
    text += `Used by ${flows.length} flow${flows.length === 1 ? '' : 's'}: ${shown.join(', ')}` +
      ' (they fail until they name another connection).'
  }
  if (usage.unreadable.length > 0) {
    const n = usage.unreadable.length
    text += ` ${n} flow file${n === 1 ? '' : 's'} could not be read to check.`
  }
  return text
}

// Flow files to and from the user's disk: upload into the workspace's flows folder (the
// server checks it with the core's loader and refuses it with the loader's message), and
// download the saved file as it is.
import type { Ref } from 'vue'
import { api } from '../../api/client'
import { notify } from '../../components/toasts'

/** The workspace path an uploaded file lands at: flows/<its file name>. */
export function uploadPath(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName
  return `flows/${base}`
}

export function useFlowFiles(path: Ref<string | null>, open: (p: string) => Promise<void>) {
  async function upload(file: File): Promise<void> {
    try {
      const saved = await api.flows.upload(uploadPath(file.name), await file.text())
      notify.ok(`Uploaded ${saved.path} (${saved.nodes} nodes)`)
      await open(saved.path)
    } catch (e) {
      notify.error(e)
    }
  }

  async function download(): Promise<void> {
    if (!path.value) return
    try {
      const text = await api.flows.download(path.value)
      const name = path.value.split('/').pop() ?? 'flow.yaml'
      const type = name.endsWith('.json') ? 'application/json' : 'application/yaml'
      const url = URL.createObjectURL(new Blob([text], { type }))
      const a = document.createElement('a')
      a.href = url
      a.download = name
      a.click()
      window.setTimeout(() => URL.revokeObjectURL(url), 1000)
    } catch (e) {
      notify.error(e)
    }
  }

  return { upload, download }
}

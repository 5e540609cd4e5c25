import { ensureNode } from '../../scripts/ensure-node.mjs'

/** The Node binary of a major release: this process's own when it is that release, else one from ensure-node. */
export async function nodeBinary(major: number): Promise<{ binary: string; version: string }> {
  if (Number(process.versions.node.split('.')[0]) === major) return { binary: process.execPath, version: process.versions.node }
  return ensureNode(major)
}

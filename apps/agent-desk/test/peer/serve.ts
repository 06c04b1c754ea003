/// <reference types="node" />
/**
 * Standalone demo backend for the desk (no bridge needed): `npx tsx apps/agent-desk/test/peer/serve.ts [port]`
 * serves apps/agent-desk/dist and the contract peer. Sign in as agent7 / secret (or qa1 / secret).
 * POST /__peer/ring?match=known|shared|unknown rings the agent (screenshots, manual checks).
 */
import { fileURLToPath } from 'node:url';
import { startPeer } from './contract-peer.js';

const port = Number(process.argv[2] ?? 5199);
const peer = await startPeer({ port, control: true, staticDir: fileURLToPath(new URL('../../dist/', import.meta.url)) });
console.log(`desk demo peer on ${peer.url}`);

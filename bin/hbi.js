#!/usr/bin/env node
// The `hbi` CLI. Sources are TypeScript run through tsx, so a fresh clone needs no compile step.
import { register } from 'tsx/esm/api';

register();
// Every file the server writes (warehouse and its WAL, metadata, uploads, scratch) is its account's alone.
process.umask(0o077);
const { main } = await import('../server/cli.ts');
process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// The `pagewatch` command. Sources are TypeScript, loaded through tsx so that an install needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);

#!/usr/bin/env node
// The `psp-audit` command. Runs the TypeScript sources through tsx's loader, so the CLI works
// right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
// The lockfile pins the AWS SDK: its notice about future releases needing Node 22 is not news.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// The CLI is TypeScript run through jiti, so an install needs no build step.
import { createJiti } from "jiti";

const jiti = createJiti(import.meta.url);
const { main } = await jiti.import("../src/cli.ts");
process.exitCode = await main(process.argv);

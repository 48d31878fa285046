#!/usr/bin/env node
// Validates JSON documents against a JSON schema with Ajv.
//
//   node validate-json.mjs SCHEMA.json FILE.json...
//
// The Ajv flavour follows the schema's "$schema": draft-04 -> ajv-draft-04, 2019-09 -> ajv/dist/2019, 2020-12 -> ajv/dist/2020,
// anything else -> plain Ajv (draft-07). ajv-formats is always added; strict mode is off because published
// schemas (SARIF among them) use keywords and formats Ajv's strict mode rejects.
//
// Exit codes: 0 every file is valid, 1 at least one is not (errors printed), 2 usage or I/O error.

import { readFileSync, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import Ajv from "ajv";
import Ajv2019 from "ajv/dist/2019.js";
import Ajv2020 from "ajv/dist/2020.js";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";

function usage(message) {
  if (message) console.error(`validate-json: ${message}`);
  console.error("usage: node validate-json.mjs SCHEMA.json FILE.json...");
  process.exit(2);
}

function readText(path) {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    return usage(`cannot read ${path}: ${e.message}`);
  }
}

function createAjv(schema) {
  const dialect = typeof schema.$schema === "string" ? schema.$schema : "";
  const options = { strict: false, allErrors: true };
  let ajv;
  if (dialect.includes("draft-04")) ajv = new AjvDraft04(options);
  else if (dialect.includes("2020-12")) ajv = new Ajv2020(options);
  else if (dialect.includes("2019-09")) ajv = new Ajv2019(options);
  else ajv = new Ajv(options);
  addFormats(ajv);
  return ajv;
}

const [schemaPath, ...files] = process.argv.slice(2);
if (!schemaPath || files.length === 0) usage("need a schema and at least one file");

let schema;
try {
  schema = JSON.parse(readText(schemaPath));
} catch (e) {
  usage(`schema ${schemaPath} is not valid JSON: ${e.message}`);
}
if (schema === null || typeof schema !== "object") usage(`schema ${schemaPath} is not a JSON object`);

let validate;
try {
  const ajv = createAjv(schema);
  // Schemas that refer to siblings by relative name (CycloneDX: spdx.schema.json, jsf-0.82.schema.json) find them
  // in the schema's own folder.
  for (const name of readdirSync(dirname(schemaPath))) {
    if (!name.endsWith(".schema.json") || name === basename(schemaPath)) continue;
    try {
      const sibling = JSON.parse(readFileSync(join(dirname(schemaPath), name), "utf8"));
      if (sibling && typeof sibling === "object" && sibling.$id && sibling.$schema === schema.$schema) ajv.addSchema(sibling);
    } catch {
      // not a usable schema: skipped
    }
  }
  validate = ajv.compile(schema);
} catch (e) {
  usage(`cannot compile schema ${schemaPath}: ${e.message}`);
}

let failed = 0;
for (const file of files) {
  const text = readText(file);
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    console.log(`${file}: not valid JSON: ${e.message}`);
    failed++;
    continue;
  }
  if (validate(doc)) {
    console.log(`${file}: valid`);
    continue;
  }
  failed++;
  console.log(`${file}: INVALID`);
  for (const err of validate.errors ?? []) {
    const params = err.params && Object.keys(err.params).length ? ` ${JSON.stringify(err.params)}` : "";
    console.log(`  ${file}: ${err.instancePath || "/"}: ${err.message}${params}`);
  }
}

process.exit(failed === 0 ? 0 : 1);

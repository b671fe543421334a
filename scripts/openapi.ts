/**
 * `npm run openapi`: writes the gateway's and the admin gateway's OpenAPI documents to
 * .local/openapi/ (where redocly.yaml lints them), without a running stack. `--client`
 * (`npm run openapi:client`) also regenerates the e2e client types, test/e2e/support/api.d.ts;
 * `--check` writes nothing and fails when those types are not what the document generates.
 * `PUBLIC_ORIGIN` sets the public document's server, as it does for the running gateway.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import {
  buildApiDocuments,
  CLIENT_TYPES_FILE,
  DOCUMENT_FILES,
  generateClientTypes,
  type ApiDocuments,
} from './lib/openapi-document';

async function main(): Promise<number> {
  const documents = await buildApiDocuments(process.env.PUBLIC_ORIGIN || undefined);
  const typesFile = relative(process.cwd(), CLIENT_TYPES_FILE);
  if (process.argv.includes('--check')) {
    if (readFileSync(CLIENT_TYPES_FILE, 'utf8') === (await generateClientTypes(documents.public))) return 0;
    console.error(
      `${typesFile} is not what the current OpenAPI document generates: run npm run openapi:client`,
    );
    return 1;
  }
  for (const name of Object.keys(DOCUMENT_FILES) as Array<keyof ApiDocuments>) {
    mkdirSync(dirname(DOCUMENT_FILES[name]), { recursive: true });
    writeFileSync(DOCUMENT_FILES[name], `${JSON.stringify(documents[name], null, 2)}\n`);
    console.log(
      `${relative(process.cwd(), DOCUMENT_FILES[name])}: ${Object.keys(documents[name].paths).length} paths`,
    );
  }
  // Only on request: the checked-in types are checked against the document (scripts/openapi.spec.ts),
  // so CI must not regenerate them first.
  if (process.argv.includes('--client')) {
    writeFileSync(CLIENT_TYPES_FILE, await generateClientTypes(documents.public));
    console.log(typesFile);
  }
  return 0;
}

// Preview-mode apps cannot be closed (Nest refuses in preview mode), so the process ends here.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

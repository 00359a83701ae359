// Turns the component JSON the Maven build generates (<module>/src/generated/resources/META-INF/io/camelworker/**.json) into a
// Kaoto catalog library: Kaoto's stock Camel Spring Boot catalog with this project's components added to its components.
//
// Kaoto 2.7 shows one catalog of a library at a time (CatalogLibrary.definitions, picked in its runtime selector), so
// "alongside Camel's" means one catalog holding both: the stock files of @kaoto/camel-catalog, copied as they are, and
// a components file that is the stock one plus ours. Each component entry is the Camel component JSON as the build wrote
// it plus the JSON Schema of its endpoint options ("propertiesSchema"), which Kaoto's configuration form is drawn from;
// that schema follows Kaoto's own generator (KaotoIO/camel-catalog, ComponentGenerator and CamelCatalogSchemaEnhancer).
//
// Usage: node generate-catalog.mjs [output directory, default: public/catalog]; serve that directory over HTTP and give
// Kaoto the URL of its index.json.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
// Every module with components has its own generated JSON (core, files, storage, archive, metadata).
const REPOSITORY = resolve(HERE, '..');
const COMPONENT_JSON_ROOTS = readdirSync(REPOSITORY, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => join(REPOSITORY, entry.name, 'src/generated/resources/META-INF/io/camelworker'))
  .filter((root) => existsSync(root));
const OUTPUT = resolve(process.argv[2] ?? join(HERE, 'public/catalog'));
const CATALOG_DIRECTORY = 'camel-worker';

// The stock catalog we add to: the newest Camel Spring Boot one that @kaoto/camel-catalog 0.2.2 (Kaoto 2.7.1's) ships.
// This project runs Camel 4.17 on Spring Boot; the EIPs and components of 4.14 are what Kaoto can show for it.
const STOCK_CATALOG_NAME = 'Camel Spring Boot 4.14.0';

const stockLibraryFile = createRequire(import.meta.url).resolve('@kaoto/camel-catalog/index.json');
const stockRoot = dirname(stockLibraryFile);

const stockEntry = readJson(stockLibraryFile).definitions.find((entry) => entry.name === STOCK_CATALOG_NAME);
if (!stockEntry) {
  fail(`catalog '${STOCK_CATALOG_NAME}' is not in ${stockLibraryFile}; expected the @kaoto/camel-catalog of package.json`);
}
const stockIndexFile = join(stockRoot, stockEntry.fileName);
const stockIndex = readJson(stockIndexFile);
const stockDirectory = dirname(stockIndexFile);

const ours = readComponentJsonFiles(COMPONENT_JSON_ROOTS);
const components = readJson(join(stockDirectory, stockIndex.catalogs.components.file));
for (const [scheme, definition] of Object.entries(ours)) {
  if (components[scheme]) {
    fail(`component '${scheme}' of ${definition.file} is also a Camel component of ${STOCK_CATALOG_NAME}`);
  }
  components[scheme] = toKaotoComponent(definition.json);
}
const projectVersion = single(Object.values(ours).map((definition) => definition.json.component.version), 'component.version');

rmSync(OUTPUT, { recursive: true, force: true });
const catalogDirectory = join(OUTPUT, CATALOG_DIRECTORY);
mkdirSync(catalogDirectory, { recursive: true });

const index = structuredClone(stockIndex);
index.name = `camel-worker ${projectVersion} on ${stockIndex.name}`;
for (const entry of [...Object.values(index.catalogs), ...Object.values(index.schemas)]) {
  if (entry === index.catalogs.components) {
    entry.description = `${entry.description}, and the camel-worker components: ${Object.keys(ours).join(', ')}`;
    entry.file = writeHashed(catalogDirectory, 'camel-catalog-aggregate-components', JSON.stringify(components));
  } else {
    copyFileSync(join(stockDirectory, entry.file), join(catalogDirectory, entry.file));
  }
}
const indexFile = writeHashed(catalogDirectory, 'index', JSON.stringify(index, null, 2));

const library = {
  name: 'camel-worker',
  version: 1,
  definitions: [
    {
      name: index.name,
      version: stockEntry.version,
      runtime: stockEntry.runtime,
      fileName: `${CATALOG_DIRECTORY}/${indexFile}`,
    },
  ],
};
writeFileSync(join(OUTPUT, 'index.json'), JSON.stringify(library, null, 2) + '\n');
console.log(`${join(OUTPUT, 'index.json')}: '${index.name}', ${Object.keys(components).length} components`
  + ` (${Object.keys(ours).join(', ')} from ${COMPONENT_JSON_ROOTS.length} modules)`);

/** The Kaoto catalog entry of a Camel component JSON: the JSON itself plus the JSON Schema of its endpoint options. */
function toKaotoComponent(camelJson) {
  const properties = {};
  const required = [];
  for (const [name, option] of Object.entries(camelJson.properties)) {
    properties[name] = toSchemaProperty(option);
    if (option.required) {
      required.push(name);
    }
  }
  const propertiesSchema = { properties, $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' };
  if (required.length > 0) {
    propertiesSchema.required = required;
  }
  return { ...camelJson, propertiesSchema };
}

/** One endpoint option as a JSON Schema property, with Kaoto's conventions: group in $comment, beans and secrets in format. */
function toSchemaProperty(option) {
  const property = { title: option.displayName, description: option.description, type: option.type };
  if (option.enum?.length > 0 && !option.multiValue) {
    property.enum = option.enum;
    // Camel 4.17's tooling writes "type": "enum", which JSON Schema (and so Kaoto's form) does not know; 4.14 wrote "string".
    if (option.type === 'object' || option.type === 'enum') {
      property.type = 'string';
    }
  } else if (option.type === 'array') {
    property.items = { type: 'string' };
  }
  const group = option.group ?? option.label;
  if (group !== undefined) {
    property.$comment = `group:${group}`;
  }
  const format = [];
  if (option.type === 'object' && !option.javaType.startsWith('java.util.Map')) {
    format.push(`bean:${option.javaType}`);
    property.type = 'string';
  }
  if (option.type === 'duration') {
    format.push('duration');
    property.type = 'string';
  }
  if (option.secret) {
    format.push('password');
  }
  if (format.length > 0) {
    property.format = format.join('|');
  }
  if (option.deprecated) {
    property.deprecated = true;
  }
  if (option.defaultValue !== undefined) {
    if (option.type === 'integer') {
      property.default = Number(option.defaultValue);
    } else if (option.type === 'boolean') {
      // As Kaoto's generator does: only a true default is written, false is the form's own default.
      if (String(option.defaultValue) === 'true') {
        property.default = true;
      }
    } else {
      property.default = String(option.defaultValue);
    }
  }
  return property;
}

/** The component JSON files under root, by scheme. */
function readComponentJsonFiles(roots) {
  const files = roots.flatMap((root) => readdirSync(root, { recursive: true })
    .filter((name) => name.endsWith('.json')).map((name) => join(root, name))).sort();
  if (files.length === 0) {
    fail(`no component JSON under ${REPOSITORY}/*/src/generated; expected the files the Maven build generates (mvn -q compile)`);
  }
  const byScheme = {};
  for (const file of files) {
    const json = readJson(file);
    const scheme = json.component?.scheme;
    if (json.component?.kind !== 'component' || !scheme || !json.properties) {
      fail(`${file} is not a Camel component JSON: expected component.kind 'component', component.scheme and properties`);
    }
    if (byScheme[scheme]) {
      fail(`component '${scheme}' is in both ${byScheme[scheme].file} and ${file}`);
    }
    byScheme[scheme] = { file, json };
  }
  return byScheme;
}

/** Writes content as prefix-<md5>.json, as @kaoto/camel-catalog names its files, so a changed file gets a new URL. */
function writeHashed(directory, prefix, content) {
  const name = `${prefix}-${createHash('md5').update(content).digest('hex')}.json`;
  writeFileSync(join(directory, name), content);
  return name;
}

function single(values, what) {
  const distinct = [...new Set(values)];
  if (distinct.length !== 1) {
    fail(`the components disagree on ${what}: ${distinct.join(', ')}`);
  }
  return distinct[0];
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function fail(message) {
  console.error(`generate-catalog: ${message}`);
  process.exit(1);
}

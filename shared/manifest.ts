/**
 * The generated parts of package.json and schemas/diamond.config.schema.json, computed from the declarations in
 * this folder. `npm run generate` (scripts/generate.mjs) writes them; test/unit/rule-catalogue.test.ts runs the
 * same functions over the files as they are and fails when anything differs.
 */
import { RULE_IDS, SEVERITY_SETTINGS } from './rules';
import { ALL_SETTINGS, DEFAULT_NAMESPACE_PATTERN, type SettingSpec } from './settings';

type Json = Record<string, unknown>;

/** One `contributes.configuration.properties` entry, keys in the order package.json has always had them. */
function configurationEntry(spec: SettingSpec<unknown>): Json {
  const { shape, manifest: m } = spec;
  const entry: Json = {
    type: shape.type,
    enum: shape.type === 'string' && shape.enum ? [...shape.enum] : undefined,
    default: spec.default,
    minimum: shape.type === 'integer' ? shape.minimum : undefined,
    maximum: shape.type === 'integer' ? shape.maximum : undefined,
    scope: m.scope,
    pattern: m.pattern,
    patternErrorMessage: m.patternErrorMessage,
    enumDescriptions: m.enumDescriptions ? [...m.enumDescriptions] : undefined,
    markdownDescription: m.markdownDescription,
    description: m.description,
  };
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
}

/** package.json with its `contributes.configuration.properties` generated (every `diamond.*` setting). */
export function withGeneratedSettings(pkg: Json): Json {
  const contributes = pkg.contributes as Json;
  const configuration = contributes.configuration as Json;
  const properties = Object.fromEntries(ALL_SETTINGS.map((s) => [`diamond.${s.key}`, configurationEntry(s)]));
  return { ...pkg, contributes: { ...contributes, configuration: { ...configuration, properties } } };
}

/** The config schema with its rule list, severity enum and namespace pattern default generated. */
export function withGeneratedSchema(schema: Json): Json {
  const properties = schema.properties as Record<string, Json>;
  const definitions = schema.definitions as Record<string, Json>;
  return {
    ...schema,
    properties: {
      ...properties,
      namespacePattern: { ...properties.namespacePattern, default: DEFAULT_NAMESPACE_PATTERN },
      rules: {
        ...properties.rules,
        properties: Object.fromEntries(RULE_IDS.map((id) => [id, { $ref: '#/definitions/severity' }])),
      },
    },
    definitions: { ...definitions, severity: { ...definitions.severity, enum: [...SEVERITY_SETTINGS] } },
  };
}

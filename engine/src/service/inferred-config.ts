/**
 * The diamond.config.json that `diamond init` and "Diamond: Create diamond.config.json" write: the diamonds as
 * inferred (or configured), each facet by name, or by `path.sol:Name` where two facets share a name, and the
 * diamond contract as `proxy`. For the user to edit; the engine reads it back as a pinned configuration.
 */
import type { DiamondOverview } from './service-api';

/** The config schema's address, for editors' completion. */
export const CONFIG_SCHEMA_URL =
  'https://github.com/dloop/diamond-tools/blob/main/schemas/diamond.config.schema.json';

export function inferredConfigText(overview: DiamondOverview): string {
  const diamonds = overview.diamonds
    .filter((d) => d.facets.length > 0 && !d.ownFile)
    .map((d) => ({
      name: d.name,
      ...(d.proxy && { proxy: d.proxy.name }),
      facets: d.facets.map((f) => (f.repeated ? `${f.path}:${f.name}` : f.name)),
    }));
  // Names must be unique in the config; the inference already made them so.
  return JSON.stringify({ $schema: CONFIG_SCHEMA_URL, diamonds, exclude: [] }, null, 2) + '\n';
}

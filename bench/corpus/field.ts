/**
 * One research field of the synthetic corpus, tied to a category of registry/categories.json.
 * Lists are space-separated in the data files so a field reads as one short block; every word is
 * lowercase kebab-case, so any of them can be a tag.
 */
export interface Field {
  category: string;
  /** Research fields; become research_domains and tags. */
  domains: string[];
  /** Things the field studies or handles ("variant", "trajectory"). */
  objects: string[];
  /** What is done to them ("calling", "docking"); objects × processes give compounds ("variant-calling"). */
  processes: string[];
  /** Software, also the package names the environments install. */
  tools: string[];
  /** File formats. */
  formats: string[];
  /** Typical apt/dnf packages besides the common ones. */
  system: string[];
  /** How often a template of this field is a GPU template (0-1). */
  gpu: number;
  /** Preferred package manager: what the field's seeded templates mostly use. */
  manager: "conda" | "spack" | "pip" | "apt";
  /** The web service its templates most often run, if any. */
  service?: "jupyterlab" | "rstudio-server" | "code-server" | "dcvserver";
}

export interface FieldSource {
  category: string;
  domains: string;
  objects: string;
  processes: string;
  tools: string;
  formats: string;
  system: string;
  gpu: number;
  manager: Field["manager"];
  service?: Field["service"];
}

export function field(source: FieldSource): Field {
  const words = (s: string) => s.trim().split(/\s+/);
  return {
    category: source.category,
    domains: words(source.domains),
    objects: words(source.objects),
    processes: words(source.processes),
    tools: words(source.tools),
    formats: words(source.formats),
    system: words(source.system),
    gpu: source.gpu,
    manager: source.manager,
    ...(source.service ? { service: source.service } : {}),
  };
}

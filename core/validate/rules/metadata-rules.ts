import spdxDeprecated from "spdx-license-ids/deprecated.json" with { type: "json" };
import spdxIds from "spdx-license-ids/index.json" with { type: "json" };
import { AWS_REGIONS } from "../../aws/regions.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { closest, didYouMean } from "../../util/edit-distance.js";
import { compareSemver } from "../../util/semver.js";
import { type CheckedTemplate, KEBAB, type RuleContext } from "../context.js";

const SPDX = new Set<string>([...spdxIds, ...spdxDeprecated]);

/** Rules about a template's marketplace metadata: identity, taxonomy, regions, lineage, lifecycle, license. */
export function metadataRules(c: CheckedTemplate, ctx: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { t } = c;

  if (t.template_id !== c.unit.folder) {
    out.push(
      c.at(
        "CWS201",
        "/template_id",
        `template_id "${t.template_id}" does not match its folder "${c.unit.folder}"`,
        `set template_id to "${c.unit.folder}" (ids never change; publish a new template for a new id)`,
      ),
    );
  }

  const categoryIds = ctx.categories?.categories.map((x) => x.id) ?? [];
  if (ctx.categories && !categoryIds.includes(t.category)) {
    out.push(
      c.at(
        "CWS205",
        "/category",
        `category "${t.category}" is not in registry/categories.json`,
        didYouMean(t.category, categoryIds) || `use one of: ${categoryIds.join(", ")}`,
      ),
    );
  }

  const kebab = (list: string[] | undefined, field: string) =>
    list?.forEach((value, i) => {
      if (!KEBAB.test(value)) {
        const fixed = value
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, "-")
          .replace(/^-|-$/g, "");
        out.push(
          c.at(
            "CWS206",
            `/${field}/${i}`,
            `"${value}" is not lowercase kebab-case`,
            fixed ? `write it as "${fixed}"` : "use lowercase letters, digits and hyphens",
          ),
        );
      }
    });
  kebab(t.tags, "tags");
  kebab(t.research_domains, "research_domains");

  const regions = (list: string[] | undefined, base: string) =>
    list?.forEach((region, i) => {
      if (!AWS_REGIONS.has(region)) {
        out.push(
          c.at(
            "CWS207",
            `${base}/${i}`,
            `"${region}" is not an AWS region code`,
            didYouMean(region, AWS_REGIONS) || "use a code such as us-east-1 or eu-west-2",
          ),
        );
      }
    });
  regions(t.regions, "/regions");
  regions(t.ami?.regions, "/ami/regions");
  t.ami?.regions?.forEach((region, i) => {
    if (AWS_REGIONS.has(region) && !t.regions.includes(region)) {
      out.push(
        c.at(
          "CWS220",
          `/ami/regions/${i}`,
          `AMI region "${region}" is not one of the template's regions`,
          `add "${region}" to regions, or remove it from ami.regions`,
        ),
      );
    }
  });

  if (t.forked_from) {
    const parentId = t.forked_from.template_id;
    const parent = ctx.byId.get(parentId);
    if (parentId === t.template_id) {
      out.push(c.at("CWS210", "/forked_from/template_id", "a template cannot be forked from itself", "name the template you forked"));
    } else if (!ctx.knownIds.has(parentId)) {
      out.push(
        c.at(
          "CWS210",
          "/forked_from/template_id",
          `parent template "${parentId}" does not exist`,
          didYouMean(parentId, ctx.knownIds) || "name an existing template id",
        ),
      );
    } else if (parent && compareSemver(t.forked_from.version, parent.t.version) > 0) {
      out.push(
        c.at(
          "CWS210",
          "/forked_from/version",
          `parent "${parentId}" has not reached version ${t.forked_from.version} (it is at ${parent.t.version})`,
          "use the parent version you actually forked",
        ),
      );
    }
  }

  const pub = t.publication;
  if (pub.maintenance_status !== "active") {
    if (!pub.maintenance?.reason?.trim()) {
      out.push(
        c.at(
          "CWS211",
          "/publication/maintenance_status",
          `a ${pub.maintenance_status} template must say why`,
          'add publication.maintenance.reason, e.g. "superseded by a CUDA 12 build"',
        ),
      );
    }
    const replacement = pub.maintenance?.replacement;
    if (replacement !== undefined) {
      const target = ctx.byId.get(replacement);
      const pointer = "/publication/maintenance/replacement";
      if (replacement === t.template_id) out.push(c.at("CWS212", pointer, "a template cannot replace itself", "name a different template"));
      else if (!ctx.knownIds.has(replacement))
        out.push(
          c.at("CWS212", pointer, `replacement "${replacement}" does not exist`, didYouMean(replacement, ctx.knownIds) || "name an existing template id"),
        );
      else if (target && target.t.publication.maintenance_status !== "active")
        out.push(c.at("CWS212", pointer, `replacement "${replacement}" is itself ${target.t.publication.maintenance_status}`, "point to an active template"));
    }
  }

  if (pub.license !== "Custom") {
    const ids = pub.license
      .replace(/[()]/g, " ")
      .split(/\s+(?:AND|OR)\s+|\s+/)
      .filter((x) => x && x !== "WITH");
    // Exceptions follow WITH and are not license ids.
    const withIndex = pub.license.split(/\s+/).indexOf("WITH");
    const licenses = withIndex >= 0 ? ids.slice(0, withIndex) : ids;
    for (const id of licenses) {
      const bare = id.replace(/\+$/, "");
      if (!SPDX.has(bare) && bare !== "LicenseRef-Proprietary") {
        const guess = closest(bare, SPDX);
        out.push(
          c.at(
            "CWS217",
            "/publication/license",
            `"${id}" is not an SPDX license identifier`,
            guess
              ? `did you mean "${guess}"? Otherwise use "Custom" with license_url`
              : 'use an SPDX id such as MIT or Apache-2.0, or "Custom" with license_url',
          ),
        );
      }
    }
  }

  for (const field of ["documentation_url", "license_url"] as const) {
    const url = pub[field];
    if (url !== undefined && !url.startsWith("https://")) {
      out.push(c.at("CWS216", `/publication/${field}`, `${field} must use https`, `change it to ${url.replace(/^[a-z]+:\/\//i, "https://")}`));
    }
  }

  const newest = t.changelog?.[0];
  if (newest && newest.version !== t.version) {
    out.push(
      c.at(
        "CWS224",
        "/changelog/0/version",
        `newest changelog entry is for ${newest.version}, but the template is at ${t.version}`,
        "add a changelog entry for this version at the top",
      ),
    );
  }
  t.changelog?.forEach((entry, i) => {
    if (entry.doi !== undefined && !DOI.test(entry.doi)) out.push(c.at("CWS229", `/changelog/${i}/doi`, `"${entry.doi}" is not a DOI`, doiHint(entry.doi)));
  });
  return out;
}

/** Crossref's recommended DOI pattern: the 10. directory, a registrant code, a slash and a suffix. */
const DOI = /^10\.\d{4,9}\/[-._;()/:A-Za-z0-9]+$/;

function doiHint(value: string): string {
  const bare = value.trim().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, "");
  if (bare !== value && DOI.test(bare)) return `write the bare DOI: "${bare}"`;
  return "a DOI looks like 10.5281/zenodo.1234567: 10., a 4-9 digit registrant code, a slash and a suffix without spaces";
}

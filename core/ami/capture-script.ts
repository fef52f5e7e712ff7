import type { InstallStep } from "../provision/steps.js";
import type { ListingKind } from "../sbom/listings.js";
import { quote } from "../shell/quote.js";
import { WORK_DIR } from "./provision.js";
import { STRICT } from "./shell.js";
import type { ShellStep } from "./types.js";

/** Where the capture leaves its files on the builder; under WORK_DIR, so the scrub removes them. */
export const SBOM_DIR = `${WORK_DIR}/sbom`;
export const CAPTURE_STEP_NAME = "capture software";
export const READ_STEP_PREFIX = "capture software: read ";
export const MANIFEST_TAG = "cws-sbom";
/**
 * Characters of base64 per read. SSM keeps at most 24,000 characters of a command's stdout
 * (GetCommandInvocation's StandardOutputContent), so a listing is read in slices below that.
 */
export const CHUNK = 20_000;

/** Which listings a builder has, from the install steps core/provision put in the image. */
export interface Listings {
  conda: boolean;
  pip: "conda" | "venv" | undefined;
  spack: boolean;
  /** A captured image: nothing is known about what it holds, so every known location is probed. */
  probe: boolean;
}

export function listingsFor(steps: readonly InstallStep[], captured: boolean): Listings {
  const pip = steps.find((s) => s.kind === "pip");
  return {
    conda: steps.some((s) => s.kind === "conda"),
    pip: pip?.kind === "pip" ? pip.into : undefined,
    spack: steps.some((s) => s.kind === "spack"),
    probe: captured,
  };
}

/** The files the capture writes, by listing, in the order they are read back. */
export const LISTING_FILES: Record<ListingKind | "os-release", string> = {
  "os-release": "os-release.txt",
  deb: "deb.txt",
  rpm: "rpm.txt",
  conda: "conda.json",
  pip: "pip.json",
  spack: "spack.json",
};

const CONDA = "/opt/conda/bin/conda list --json -p /opt/conda";
const PIP = (bin: string) => `${bin} list --format json --disable-pip-version-check`;
const SPACK = "set +u; . /opt/spack/share/spack/setup-env.sh; set -u; spack find --json";

/**
 * The capture step: every listing to its own file, each gzipped and base64-encoded, and a small
 * manifest on stdout (file, base64 length, SHA-256 of the base64) that the reads are checked against.
 */
export function captureStep(listings: Listings): ShellStep {
  const d = SBOM_DIR;
  const out = (file: string) => `> ${quote(`${d}/${file}`)}`;
  const lines = [
    STRICT,
    `rm -rf ${quote(d)}`,
    `install -d -m 0700 ${quote(d)}`,
    `( . /etc/os-release && printf '%s\\t%s\\n' "\${ID:-unknown}" "\${VERSION_ID:-}" ) ${out(LISTING_FILES["os-release"])}`,
    "if command -v dpkg-query >/dev/null 2>&1; then",
    `  dpkg-query -W -f='\${db:Status-Abbrev}\\t\${Package}\\t\${Version}\\t\${Architecture}\\n' ${out(LISTING_FILES.deb)}`,
    "elif command -v rpm >/dev/null 2>&1; then",
    `  rpm -qa --qf '%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\n' ${out(LISTING_FILES.rpm)}`,
    "else",
    "  echo 'neither dpkg-query nor rpm is on the builder: cannot list the system packages' >&2; exit 1",
    "fi",
  ];
  if (listings.probe) {
    lines.push(
      `if [ -x /opt/conda/bin/conda ]; then ${CONDA} ${out(LISTING_FILES.conda)}; fi`,
      `if [ -x /opt/conda/bin/pip ]; then ${PIP("/opt/conda/bin/pip")} ${out(LISTING_FILES.pip)}; elif [ -x /opt/venv/bin/pip ]; then ${PIP("/opt/venv/bin/pip")} ${out(LISTING_FILES.pip)}; fi`,
      `if [ -f /opt/spack/share/spack/setup-env.sh ]; then ( ${SPACK} ) ${out(LISTING_FILES.spack)}; fi`,
    );
  } else {
    if (listings.conda) lines.push(`${CONDA} ${out(LISTING_FILES.conda)}`);
    if (listings.pip) lines.push(`${PIP(listings.pip === "conda" ? "/opt/conda/bin/pip" : "/opt/venv/bin/pip")} ${out(LISTING_FILES.pip)}`);
    if (listings.spack) lines.push(`( ${SPACK} ) ${out(LISTING_FILES.spack)}`);
  }
  lines.push(
    `cd ${quote(d)}`,
    `for f in ${Object.values(LISTING_FILES).join(" ")}; do`,
    '  [ -f "$f" ] || continue',
    '  gzip -9 -n -c "$f" | base64 -w0 > "$f.b64"',
    `  printf '${MANIFEST_TAG}\\t%s\\t%s\\t%s\\n' "$f" "$(wc -c < "$f.b64")" "$(sha256sum "$f.b64" | cut -d' ' -f1)"`,
    "done",
  );
  return { name: CAPTURE_STEP_NAME, timeoutSeconds: 600, commands: lines };
}

/** Reads slice `index` of a capture file: one dd block, no pipe, so nothing can cut it short silently. */
export function readStep(file: string, index: number): ShellStep {
  return {
    name: `${READ_STEP_PREFIX}${file} ${index}`,
    timeoutSeconds: 60,
    commands: [STRICT, `dd if=${quote(`${SBOM_DIR}/${file}.b64`)} bs=${CHUNK} skip=${index} count=1 status=none`],
  };
}

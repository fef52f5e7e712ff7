/** One installed package of a version's AMI, as the AMI pipeline recorded it (docs/client-spec.md §3.6). */
export interface SoftwareEntry {
  name: string;
  version: string;
  ecosystem: "deb" | "rpm" | "conda" | "pip" | "spack";
}

// Words shared by every field, and the raw material for people, licenses and funders.
const words = (s: string) => s.trim().split(/\s+/);

/**
 * Terms any research workstation may mention, most common first. They take the top Zipf ranks,
 * as "python" and "jupyter" do in real registries, so the corpus's most frequent content word
 * (the benchmark's common search term) is one of these.
 */
export const GENERAL = words(`
  python jupyter pipeline gpu workflow notebook visualization reproducible cluster conda r cuda
  docker graviton interactive parallel scalable batch cloud preprocessing simulation modeling
  rstudio vscode desktop storage s3 ebs spot open-source benchmark tutorial teaching mpi
  containers apptainer nvidia arm64 x86 lab-ready browser ssh shared-data scratch-space
  multi-user low-cost high-memory long-running prebuilt cost-aware autoscaling hibernation
`);

/** Suffixes that make tool compounds ("gromacs-mpi") and id variants ("pytorch-gpu"), by where they fit. */
export const QUALIFIERS = {
  base: words("tutorial workflow notebook course arm64 lite examples"),
  gpu: words("gpu cuda"),
  mpi: words("mpi cluster"),
  service: words("server desktop"),
};

/** Adjectives for description openers. */
export const ADJECTIVES = words(
  "reproducible preconfigured lightweight complete cost-efficient GPU-accelerated batteries-included shared teaching-ready production-grade",
);

export const SURNAMES = words(`
  patel nguyen garcia smith kim chen okafor muller rossi tanaka silva johansson novak haddad
  kowalski ibrahim fischer dubois moreau ahmed jensen larsen mendes costa yilmaz wang li zhang
  sato ito park lee oconnor murphy walsh kelly brown taylor wilson evans thomas roberts hughes
  lopez martinez hernandez gonzalez perez sanchez ramirez torres flores rivera gomez diaz cruz
  morales reyes ortiz gutierrez chavez ruiz alvarez castillo jimenez moreno romero herrera
  medina aguilar vargas castro mendoza guzman salazar delgado soto rojas contreras sandoval
`);

export const INSTITUTIONS = words(`
  ucsd mit stanford berkeley uw umich utexas cornell columbia harvard yale princeton caltech
  ethz epfl oxford cambridge ucl imperial kth tum lmu uva kuleuven uio helsinki anu unimelb
  utoronto ubc mcgill nus ntu kyoto tokyo snu kaist tsinghua iisc usp unam uct embl ebi
  broad janelia ornl lbnl anl pnnl llnl ncar noaa nasa esa cern desy riken csiro
`);

export const GROUP_SUFFIXES = words("lab group rc hpc cores team research dsi");

export const LICENSES = [
  "MIT",
  "Apache-2.0",
  "BSD-3-Clause",
  "GPL-3.0-only",
  "GPL-3.0-or-later",
  "MPL-2.0",
  "CC-BY-4.0",
  "Apache-2.0 OR MIT",
  "BSD-2-Clause",
  "LGPL-2.1-or-later",
];

export const FUNDERS = [
  "NIH Grant R01-HG0",
  "NIH Grant R35-GM1",
  "NSF Award OAC-21",
  "NSF Award AGS-19",
  "ERC Starting Grant 1010",
  "Wellcome Trust 2245",
  "DOE Office of Science DE-SC00",
  "UKRI Grant EP/X0",
  "DFG Project 4567",
];

/** Function words and template boilerplate, never "content" when picking the common search term. */
export const STOP_WORDS = new Set(
  words(`a an and are as at be by can for from has have in into is it its of on one or so that the
  this to up use used uses using with you your all any more than then when where which who via per`),
);

import { type Field, field } from "./field.js";

// Life, data and brain sciences. Real tool and format names, so generated templates read like
// the seeded ones and the search index sees a realistic spread of tokens.
export const LIFE_FIELDS: Field[] = [
  field({
    category: "bioinformatics",
    domains:
      "genomics transcriptomics proteomics metagenomics epigenomics population-genetics phylogenetics single-cell structural-biology cryo-em microbiome immunogenomics",
    objects: "variant genome read exome transcript protein gene methylation isoform chromatin peptide haplotype",
    processes: "calling alignment assembly annotation quantification clustering profiling phasing imputation deconvolution reconstruction classification",
    tools:
      "gatk bwa samtools bcftools star salmon kallisto seurat scanpy nextflow snakemake deseq2 minimap2 medaka relion cryosparc alphafold colabfold blast hmmer iqtree mafft kraken2 metaphlan fastp multiqc",
    formats: "fastq bam cram vcf gff fasta h5ad mrc",
    system: "zlib1g-dev libbz2-dev liblzma-dev pigz parallel default-jre",
    gpu: 0.15,
    manager: "conda",
  }),
  field({
    category: "machine-learning",
    domains:
      "deep-learning computer-vision nlp reinforcement-learning generative-models llm speech-recognition recommender-systems graph-learning forecasting multimodal-learning representation-learning",
    objects: "model embedding transformer image text token dataset checkpoint gradient hyperparameter agent prompt",
    processes: "training fine-tuning inference distillation quantization evaluation pretraining augmentation tracking serving labeling sweeps",
    tools:
      "pytorch tensorflow jax keras transformers accelerate deepspeed lightning vllm onnxruntime tensorboard wandb mlflow optuna ray datasets peft bitsandbytes timm diffusers sentence-transformers triton flash-attn torchvision evaluate",
    formats: "safetensors parquet tfrecord onnx jsonl webdataset",
    system: "nvtop libgl1 ffmpeg",
    gpu: 0.8,
    manager: "pip",
    service: "jupyterlab",
  }),
  field({
    category: "data-science",
    domains:
      "data-engineering business-analytics exploratory-analysis data-visualization open-data survey-data web-scraping text-mining dashboarding feature-engineering data-journalism sports-analytics",
    objects: "dataframe table query dashboard report column feature chart warehouse spreadsheet sample metric",
    processes: "wrangling cleaning joining aggregation exploration profiling modeling forecasting validation ingestion transformation reporting",
    tools:
      "pandas polars duckdb pyarrow scikit-learn statsmodels xgboost lightgbm matplotlib seaborn plotly altair streamlit dash sqlalchemy great-expectations dbt-core prefect dask numpy scipy openpyxl s3fs ibis-framework",
    formats: "csv parquet json arrow xlsx sqlite",
    system: "sqlite3 libpq-dev",
    gpu: 0.05,
    manager: "conda",
    service: "jupyterlab",
  }),
  field({
    category: "statistics",
    domains:
      "bayesian-statistics biostatistics econometrics survival-analysis causal-inference psychometrics epidemiology mixed-models spatial-statistics clinical-trials meta-analysis survey-statistics",
    objects: "posterior prior regression likelihood covariate cohort trial estimator random-effect hazard contrast panel",
    processes: "sampling estimation inference simulation bootstrap imputation calibration diagnostics selection weighting smoothing testing",
    tools:
      "r-base tidyverse brms cmdstan rstan pymc arviz lme4 survival ggplot2 data-table shiny quarto knitr emmeans glmmtmb mice numpyro bambi rmarkdown targets renv marginaleffects",
    formats: "rds csv sav dta parquet feather",
    system: "libcurl4-openssl-dev libssl-dev libxml2-dev",
    gpu: 0.02,
    manager: "conda",
    service: "rstudio-server",
  }),
  field({
    category: "neuroimaging",
    domains: "neuroimaging fmri diffusion-mri eeg meg structural-mri connectomics neurophysiology brain-mapping neuroanatomy pet-imaging electrophysiology",
    objects: "bold cortex connectome scan subject voxel surface spike atlas lesion tract session",
    processes:
      "preprocessing registration segmentation parcellation denoising tractography spike-sorting localization motion-correction skull-stripping normalization quality-control",
    tools:
      "fsl freesurfer afni ants fmriprep mriqc nipype nilearn nibabel mne dipy mrtrix3 qsiprep heudiconv dcm2niix pybids datalad spikeinterface kilosort suite2p xcp-d tedana brainspace",
    formats: "nifti dicom bids gifti cifti edf",
    system: "tcsh bc libglu1-mesa libgomp1 xvfb",
    gpu: 0.2,
    manager: "apt",
    service: "dcvserver",
  }),
  field({
    category: "education",
    domains:
      "teaching data-literacy intro-programming bioinformatics-training research-software-engineering carpentries hackathon summer-school workshops classroom-computing open-courseware curriculum-development",
    objects: "course assignment lesson exercise syllabus tutorial workshop classroom cohort rubric lab-session quiz",
    processes: "grading teaching onboarding autograding pair-programming instruction assessment feedback practice demonstration mentoring review",
    tools:
      "jupyterhub nbgrader otter-grader jupyter-book jupytext nbgitpuller voila ipywidgets jupyterlab-git nbdime learnr gradethis pytest black ruff mkdocs thebe rise papermill nbconvert",
    formats: "ipynb markdown rmd html pdf myst",
    system: "pandoc texlive-xetex",
    gpu: 0.03,
    manager: "conda",
    service: "jupyterlab",
  }),
];

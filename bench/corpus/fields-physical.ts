import { type Field, field } from "./field.js";

// Earth, physical, computing and social sciences.
export const PHYSICAL_FIELDS: Field[] = [
  field({
    category: "climate-science",
    domains:
      "climate-modeling atmospheric-science oceanography hydrology meteorology paleoclimate cryosphere air-quality weather-prediction earth-system-science climate-impacts carbon-cycle",
    objects: "reanalysis ensemble precipitation temperature sea-ice aerosol forecast grid scenario emission ocean-heat cmip6",
    processes:
      "downscaling regridding bias-correction assimilation simulation attribution projection nowcasting postprocessing interpolation averaging forcing",
    tools:
      "xarray dask netcdf4 cdo nco wrf esmpy cartopy metpy cf-xarray intake zarr cesm mpas xesmf climpred icclim regionmask scitools-iris nctoolkit eccodes cfgrib xclim pint-xarray",
    formats: "netcdf grib zarr hdf5 geotiff kerchunk",
    system: "libnetcdf-dev libhdf5-dev gfortran",
    gpu: 0.05,
    manager: "conda",
    service: "jupyterlab",
  }),
  field({
    category: "geospatial",
    domains:
      "remote-sensing gis earth-observation land-cover urban-analytics lidar photogrammetry cartography geodesy crop-monitoring disaster-mapping forest-monitoring",
    objects: "raster vector satellite-image point-cloud tile mosaic basemap parcel elevation scene landsat sentinel",
    processes:
      "classification mosaicking orthorectification change-detection geocoding routing tiling reprojection vectorization interpolation segmentation georeferencing",
    tools:
      "gdal qgis postgis rasterio geopandas shapely fiona pdal whitebox grass stackstac odc-stac rioxarray leafmap pyproj earthengine-api sentinelsat osmnx h3 tippecanoe pystac-client folium",
    formats: "geotiff shapefile geojson cog laz geoparquet",
    system: "gdal-bin libgdal-dev libspatialindex-dev",
    gpu: 0.1,
    manager: "conda",
    service: "dcvserver",
  }),
  field({
    category: "computational-chemistry",
    domains:
      "molecular-dynamics quantum-chemistry cheminformatics drug-discovery materials-science protein-design enzyme-design catalysis crystallography polymer-science free-energy biophysics",
    objects: "molecule ligand complex trajectory force-field crystal conformer wavefunction pose binding-site reaction lattice",
    processes: "docking minimization equilibration sampling optimization screening parametrization dft clustering fingerprinting annealing enumeration",
    tools:
      "gromacs lammps openmm amber namd cp2k quantum-espresso orca nwchem psi4 rdkit openbabel autodock-vina gnina pymol vmd mdanalysis mdtraj ase pyscf xtb crest plumed openff-toolkit",
    formats: "pdb mol2 sdf xyz xtc dcd",
    system: "libfftw3-dev libopenblas-dev",
    gpu: 0.45,
    manager: "spack",
  }),
  field({
    category: "hpc",
    domains:
      "high-performance-computing parallel-computing scientific-computing cfd finite-element computational-physics performance-engineering linear-algebra multiphysics benchmarking exascale hpc-training",
    objects: "mpi-job solver mesh kernel node scheduler partition stencil matrix benchmark container module",
    processes: "scaling profiling compilation partitioning meshing vectorization checkpointing scheduling debugging load-balancing tracing autotuning",
    tools:
      "openmpi mpich slurm hdf5 netcdf-c fftw openblas petsc trilinos hypre openfoam su2 paraview visit cmake gcc llvm intel-oneapi-compilers nvhpc apptainer lmod likwid hpctoolkit kokkos",
    formats: "vtk exodus xdmf cgns adios2 silo",
    system: "environment-modules hwloc numactl gcc-gfortran",
    gpu: 0.25,
    manager: "spack",
  }),
  field({
    category: "astronomy",
    domains:
      "astrophysics cosmology radio-astronomy exoplanets galaxy-evolution stellar-astrophysics gravitational-waves time-domain-astronomy solar-physics planetary-science high-energy-astrophysics spectroscopy",
    objects: "spectrum light-curve galaxy catalog survey cube visibility redshift transit source halo pulsar",
    processes: "photometry astrometry calibration extraction stacking deconvolution cross-matching fitting reduction timing detection imaging",
    tools:
      "astropy photutils specutils astroquery healpy sunpy casa sextractor topcat ds9 emcee dynesty lightkurve gwpy bilby pycbc yt gadget4 rebound sep reproject astroml galpy pyvo",
    formats: "fits votable asdf measurement-set healpix ecsv",
    system: "wcslib-dev cfitsio-dev",
    gpu: 0.1,
    manager: "conda",
    service: "jupyterlab",
  }),
  field({
    category: "social-science",
    domains:
      "computational-social-science text-as-data survey-research network-science political-science economics demography sociology digital-humanities public-policy linguistics communication-studies",
    objects: "corpus response panel network census tweet speech manuscript transcript legislation questionnaire archive",
    processes: "topic-modeling sentiment coding annotation weighting record-linkage network-analysis geocoding discourse scraping tokenization classification",
    tools:
      "spacy nltk gensim bertopic quanteda tidytext stm networkx igraph scrapy beautifulsoup4 textblob stanza srvyr ipumsr tidycensus pyreadstat openrefine tesseract sentencepiece textacy",
    formats: "csv jsonl txt tei sav dta",
    system: "tesseract-ocr poppler-utils",
    gpu: 0.1,
    manager: "pip",
    service: "rstudio-server",
  }),
];

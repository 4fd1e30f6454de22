//! Writing output files: predictable names, and a temporary file renamed into place so that
//! an interrupted run never leaves a truncated file.

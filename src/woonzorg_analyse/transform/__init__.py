"""Transform: harmonise onto the reference indeling, stage the stg_ tables, seed the ref_ tables."""

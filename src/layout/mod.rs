//! Stage 3: the typesetter. Puts a [`Document`](crate::model::Document) on GB/T 9704 pages:
//! the 22 × 28 grid, CJK line breaking with 禁则, justification, titles, signature, 版记,
//! page numbers, tables.

//! Lays an fst (a map or a set) out flat, as the fuzzy walk reads it (see
//! [`super::trie`]): no variable-length packing to decode at each node.
//! The build script flattens the embedded dictionary with this file once,
//! at compile time; the library flattens other fsts (tests, custom
//! dictionaries) with it at run time.
//!
//! The layout, all integers little-endian:
//!
//! ```text
//! header  MAGIC (8 bytes) | flags u8 (bit 0: outputs) | 3 bytes of 0 | root offset u32
//!         | number of keys u64
//! node    flags u8 (bit 0: final) | n u16
//!         | final output u16            (with outputs)
//!         | n input bytes, ascending
//!         | n target offsets u32
//!         | n outputs u16               (with outputs)
//! ```
//!
//! Nodes are written depth first from the root, each once, so a word's
//! nodes are close together.

use fst::raw::{CompiledAddr, Fst};
use std::collections::HashMap;

/// The first bytes of a flat trie (format version 2).
pub const MAGIC: &[u8; 8] = b"TLTRIE2\0";
/// Bytes before the root node.
pub const HEADER: usize = 24;

/// Size of a node of `n` transitions.
pub fn node_size(n: usize, outputs: bool) -> usize {
    if outputs {
        5 + n * 7
    } else {
        3 + n * 5
    }
}

/// The flat form of `fst`, with its outputs when `outputs` (a map) or
/// without (a set). Fails when an output does not fit in 16 bits or the
/// trie in 4 GiB.
pub fn flatten<D: AsRef<[u8]>>(fst: &Fst<D>, outputs: bool) -> Result<Vec<u8>, String> {
    let mut offsets: HashMap<CompiledAddr, u32> = HashMap::new();
    let mut order: Vec<CompiledAddr> = Vec::new();
    let mut size = HEADER;
    let mut stack = vec![fst.root().addr()];
    while let Some(addr) = stack.pop() {
        if offsets.contains_key(&addr) {
            continue;
        }
        let node = fst.node(addr);
        let at = u32::try_from(size).map_err(|_| "flat trie over 4 GiB".to_string())?;
        offsets.insert(addr, at);
        order.push(addr);
        size += node_size(node.len(), outputs);
        // The first transition is visited first.
        let targets: Vec<CompiledAddr> = node.transitions().map(|t| t.addr).collect();
        stack.extend(targets.into_iter().rev());
    }
    let small = |v: u64| u16::try_from(v).map_err(|_| format!("output {v} over 16 bits"));
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(MAGIC);
    out.push(u8::from(outputs));
    out.extend_from_slice(&[0, 0, 0]);
    out.extend_from_slice(&offsets[&fst.root().addr()].to_le_bytes());
    out.extend_from_slice(&(fst.len() as u64).to_le_bytes());
    for addr in order {
        let node = fst.node(addr);
        let n = u16::try_from(node.len()).map_err(|_| "node over 65535 transitions".to_string())?;
        out.push(u8::from(node.is_final()));
        out.extend_from_slice(&n.to_le_bytes());
        if outputs {
            out.extend_from_slice(&small(node.final_output().value())?.to_le_bytes());
        }
        out.extend(node.transitions().map(|t| t.inp));
        for t in node.transitions() {
            out.extend_from_slice(&offsets[&t.addr].to_le_bytes());
        }
        if outputs {
            for t in node.transitions() {
                out.extend_from_slice(&small(t.out.value())?.to_le_bytes());
            }
        } else if node.final_output().value() != 0 || node.transitions().any(|t| t.out.value() != 0)
        {
            return Err("a set with outputs".to_string());
        }
    }
    debug_assert_eq!(out.len(), size);
    Ok(out)
}

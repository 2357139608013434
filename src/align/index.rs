//! Indexes that find alignment candidates without comparing every annex commitment with every
//! body commitment: by value ([`ValueIndex`], pass 1), by item and subject cover ([`ItemIndex`],
//! pass 2) and by shared characters and words ([`PairIndex`], pass 3).
//!
//! Each is exact: it returns a superset of the pairs its pass accepts, and the pass then applies
//! its own tests to those alone, so alignment is the same as with every pair compared (the tests
//! below check this against brute force).

use super::similarity::Profile;
use super::{Prepared, SUM_COVER_MIN};
use crate::extract::Commitment;
use crate::quantity::{Decimal, Quantity};
use rustc_hash::FxHashMap;

/// Body commitments sorted by value, one list per stated precision, so that the commitments
/// whose value may be the same as a given one are found by two binary searches. Within a value
/// they are grouped by shape (commitments with the same texts), then in document order.
pub(super) struct ValueIndex {
    /// Per stated precision: (value, shape, commitment), sorted.
    groups: Vec<(Decimal, Vec<Entry>)>,
}

type Entry = (Decimal, u32, usize);

impl ValueIndex {
    pub(super) fn new(cs: &[Commitment], body: &[usize], shape: &[u32]) -> ValueIndex {
        let mut groups: Vec<(Decimal, Vec<Entry>)> = Vec::new();
        for &b in body {
            let q = &cs[b].qty;
            let entry = (q.value, shape[b], b);
            match groups.iter_mut().find(|(p, _)| *p == q.precision) {
                Some((_, list)) => list.push(entry),
                None => groups.push((q.precision, vec![entry])),
            }
        }
        for (_, list) in &mut groups {
            list.sort_unstable();
        }
        ValueIndex { groups }
    }

    /// Body commitments whose value is within the tolerance [`same_value`] allows (a superset of
    /// those with the same value).
    pub(super) fn near<'s>(&'s self, q: &'s Quantity) -> impl Iterator<Item = usize> + 's {
        self.groups.iter().flat_map(move |(precision, list)| {
            let tolerance = q.precision.max(*precision);
            let (lo, hi) = (q.value - tolerance, q.value + tolerance);
            let start = list.partition_point(|(v, ..)| *v < lo);
            let end = list.partition_point(|(v, ..)| *v <= hi);
            list[start..end.max(start)].iter().map(|(.., b)| *b)
        })
    }
}

/// Annex commitments grouped by item, in annex order, and indexed so that a body commitment
/// finds only the items with a member that passes [`find_sum`](super::find_sum)'s cover test
/// (`covered_by >= SUM_COVER_MIN`), instead of every item sharing a bigram with it.
///
/// Members with the same subject bigrams form one shape, tested once per body commitment. Shapes
/// are found by prefix filtering, which is exact: a shape of `n` bigrams passes only if the body
/// subject holds at least `t` of them (`t` the least count with `t / n >= SUM_COVER_MIN`), so it
/// holds at least one of any `n - t + 1` of them. Each shape is indexed under its `n - t + 1`
/// rarest bigrams (rarest across the shapes, so the lists stay short). An item with no passing
/// member contributes nothing to a sum, so leaving it out changes nothing.
pub(super) struct ItemIndex {
    items: Vec<Vec<usize>>,
    /// Item number → position in `items`.
    position: FxHashMap<usize, usize>,
    /// Per shape: a member that has it, and the items (ascending) with a member that has it.
    shapes: Vec<(usize, Vec<usize>)>,
    by_bigram: FxHashMap<(char, char), Vec<usize>>,
}

/// The least number of `n` tokens whose share reaches `min`, a hair low so that rounding can
/// only add candidates; `None` when there are no tokens (the share is then zero).
fn least_common(n: usize, min: f64) -> Option<usize> {
    (1..=n).find(|&t| t as f64 / n as f64 >= min - 1e-9)
}

impl ItemIndex {
    /// Indexes annex commitments, given as (commitment, item number) in annex order.
    pub(super) fn new(
        p: &[Prepared],
        annex: impl IntoIterator<Item = (usize, usize)>,
    ) -> ItemIndex {
        let mut order: Vec<usize> = Vec::new();
        let mut members: FxHashMap<usize, Vec<usize>> = Default::default();
        for (a, item) in annex {
            members
                .entry(item)
                .or_insert_with(|| {
                    order.push(item);
                    Vec::new()
                })
                .push(a);
        }
        let items: Vec<Vec<usize>> = order
            .iter()
            .map(|i| members.remove(i).unwrap_or_default())
            .collect();
        let position = order.iter().enumerate().map(|(k, &i)| (i, k)).collect();
        let mut shapes: Vec<(usize, Vec<usize>)> = Vec::new();
        let mut shape_of: FxHashMap<&[(char, char)], usize> = Default::default();
        for (k, list) in items.iter().enumerate() {
            for &a in list {
                let bigrams = p[a].subject.bigrams();
                if least_common(bigrams.len(), SUM_COVER_MIN).is_none() {
                    continue;
                }
                let id = *shape_of.entry(bigrams).or_insert_with(|| {
                    shapes.push((a, Vec::new()));
                    shapes.len() - 1
                });
                let ks = &mut shapes[id].1;
                if ks.last() != Some(&k) {
                    ks.push(k);
                }
            }
        }
        let mut count: FxHashMap<(char, char), usize> = Default::default();
        for (a, _) in &shapes {
            for bigram in p[*a].subject.bigrams() {
                *count.entry(*bigram).or_default() += 1;
            }
        }
        let mut by_bigram: FxHashMap<(char, char), Vec<usize>> = Default::default();
        let mut rarest: Vec<(usize, (char, char))> = Vec::new();
        for (id, (a, _)) in shapes.iter().enumerate() {
            let bigrams = p[*a].subject.bigrams();
            rarest.clear();
            rarest.extend(
                bigrams
                    .iter()
                    .map(|b| (count.get(b).copied().unwrap_or(0), *b)),
            );
            rarest.sort_unstable();
            let n = bigrams.len();
            let t = least_common(n, SUM_COVER_MIN).unwrap_or(n);
            for (_, bigram) in &rarest[..n - t + 1] {
                by_bigram.entry(*bigram).or_default().push(id);
            }
        }
        ItemIndex {
            items,
            position,
            shapes,
            by_bigram,
        }
    }

    /// The annex commitments of item `item`, in annex order.
    pub(super) fn members(&self, item: usize) -> &[usize] {
        self.position
            .get(&item)
            .map_or(&[], |&k| self.items[k].as_slice())
    }

    /// The member lists, in annex order, of the items with a member whose subject `subject`
    /// covers enough for a sum.
    pub(super) fn candidates(&self, p: &[Prepared], subject: &Profile) -> Vec<&[usize]> {
        let mut ids: Vec<usize> = subject
            .bigrams()
            .iter()
            .filter_map(|b| self.by_bigram.get(b))
            .flatten()
            .copied()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut ks: Vec<usize> = ids
            .into_iter()
            .map(|id| &self.shapes[id])
            .filter(|(a, _)| p[*a].subject.covered_by(subject) >= SUM_COVER_MIN)
            .flat_map(|(_, ks)| ks.iter().copied())
            .collect();
        ks.sort_unstable();
        ks.dedup();
        ks.into_iter().map(|k| self.items[k].as_slice()).collect()
    }
}

/// Pass 3 candidates: the free body commitments whose subject or clause may be similar enough
/// to a free annex commitment's.
///
/// Exact, because [`Profile::similarity`] is at most the larger of two shares: `c / min(la, lb)`
/// for the `c` bigrams two phrases of `la` and `lb` bigrams share, and `w / min(wa, wb)` for
/// their words (its bigram Dice ≤ its containment = the first share; its word Dice ≤ the second;
/// it weighs them 0.4 + 0.3 and 0.3). So a pair whose similarity reaches `min` reaches `min` in
/// one of these shares, and each share is found by a [`Join`].
pub(super) struct PairIndex {
    joins: [Join; 4],
}

/// Which part of a commitment a join compares, and how.
const PARTS: [(Part, Tokens); 4] = [
    (Part::Subject, Tokens::Bigrams),
    (Part::Subject, Tokens::Words),
    (Part::Context, Tokens::Bigrams),
    (Part::Context, Tokens::Words),
];

#[derive(Clone, Copy)]
enum Part {
    Subject,
    Context,
}

#[derive(Clone, Copy)]
enum Tokens {
    Bigrams,
    Words,
}

fn tokens(p: &Prepared, (part, kind): (Part, Tokens), out: &mut Vec<u64>) {
    let profile = match part {
        Part::Subject => &p.subject,
        Part::Context => &p.context,
    };
    out.clear();
    match kind {
        Tokens::Bigrams => out.extend(
            profile
                .bigrams()
                .iter()
                .map(|&(x, y)| u64::from(x) << 32 | u64::from(y)),
        ),
        Tokens::Words => out.extend(profile.word_numbers()),
    }
}

impl PairIndex {
    /// Indexes the `bodies` for annex commitments that need a subject similarity of at least
    /// `subject_min` or a clause similarity of at least `context_min`.
    pub(super) fn new(
        p: &[Prepared],
        bodies: &[usize],
        subject_min: f64,
        context_min: f64,
    ) -> PairIndex {
        let mut buf = Vec::new();
        let joins = PARTS.map(|part| {
            let min = match part.0 {
                Part::Subject => subject_min,
                Part::Context => context_min,
            };
            Join::new(
                bodies.iter().map(|&b| {
                    tokens(&p[b], part, &mut buf);
                    (b, buf.clone())
                }),
                min,
            )
        });
        PairIndex { joins }
    }

    /// The indexed body commitments that may reach either minimum with `a`, ascending (a
    /// superset of those that do).
    pub(super) fn candidates(&self, p: &[Prepared], a: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut buf = Vec::new();
        for (join, part) in self.joins.iter().zip(PARTS) {
            tokens(&p[a], part, &mut buf);
            join.extend(&mut buf, &mut out);
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Finds the sets that share at least `min` of the smaller one's tokens with a given set
/// (`c / min(la, lb) >= min`), by prefix filtering: if the smaller set `A` (of `n` tokens)
/// shares at least `t` of them, then it shares one of any `n - t + 1` of them, its prefix. So
/// one of the two sets has a prefix token in the other: a query looks its prefix up among all
/// tokens of the indexed sets, and all its tokens up among their prefixes. Prefixes are a set's
/// rarest tokens (by how many indexed sets hold them), so the lists they meet are short.
struct Join {
    all: FxHashMap<u64, Vec<usize>>,
    prefixes: FxHashMap<u64, Vec<usize>>,
    min: f64,
}

impl Join {
    fn new(sets: impl Iterator<Item = (usize, Vec<u64>)>, min: f64) -> Join {
        let sets: Vec<(usize, Vec<u64>)> = sets.collect();
        let mut all: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        for (id, tokens) in &sets {
            for &t in tokens {
                let list = all.entry(t).or_default();
                if list.last() != Some(id) {
                    list.push(*id);
                }
            }
        }
        let mut join = Join {
            all,
            prefixes: FxHashMap::default(),
            min,
        };
        for (id, mut tokens) in sets {
            for &t in join.prefix(&mut tokens) {
                let list = join.prefixes.entry(t).or_default();
                if list.last() != Some(&id) {
                    list.push(id);
                }
            }
        }
        join
    }

    /// Reorders `tokens` rarest first and returns the prefix that any set sharing `min` of
    /// them must meet.
    fn prefix<'t>(&self, tokens: &'t mut [u64]) -> &'t [u64] {
        let n = tokens.len();
        let Some(t) = least_common(n, self.min) else {
            return &[];
        };
        tokens.sort_unstable_by_key(|t| (self.all.get(t).map_or(0, Vec::len), *t));
        &tokens[..n - t + 1]
    }

    /// Appends the indexed sets that may share `min` with `tokens` (in no order, with repeats).
    fn extend(&self, tokens: &mut [u64], out: &mut Vec<usize>) {
        for t in tokens.iter() {
            if let Some(ids) = self.prefixes.get(t) {
                out.extend_from_slice(ids);
            }
        }
        for t in self.prefix(tokens) {
            if let Some(ids) = self.all.get(t) {
                out.extend_from_slice(ids);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Pieces that phrases are made of: real words that share characters in many ways, single
    /// characters, and Latin words (compared as "other" words).
    const PIECES: &[&str] = &[
        "新建",
        "幼儿园",
        "新增",
        "学位",
        "改造",
        "老旧小区",
        "城东",
        "城西",
        "社区",
        "养老服务",
        "中心",
        "公里",
        "道路",
        "建设",
        "口袋公园",
        "个",
        "所",
        "万",
        "村",
        "AI",
        "App",
        "新",
    ];

    fn phrase(pieces: &[usize]) -> String {
        pieces.iter().map(|&i| PIECES[i % PIECES.len()]).collect()
    }

    fn prepared(subject: &[usize], context: &[usize]) -> Prepared {
        Prepared {
            subject: Profile::new(&phrase(subject)),
            context: Profile::new(&phrase(context)),
        }
    }

    fn phrases() -> impl Strategy<Value = Vec<(Vec<usize>, Vec<usize>, usize)>> {
        prop::collection::vec(
            (
                prop::collection::vec(0..PIECES.len(), 0..4),
                prop::collection::vec(0..PIECES.len(), 0..6),
                0..5usize,
            ),
            2..24,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Every pair whose subjects or clauses reach the minimum is a candidate.
        #[test]
        fn pair_index_finds_every_close_pair(phrases in phrases(), split in 1..23usize) {
            let p: Vec<Prepared> = phrases.iter().map(|(s, c, _)| prepared(s, c)).collect();
            let split = split.min(p.len() - 1);
            let bodies: Vec<usize> = (split..p.len()).collect();
            let index = PairIndex::new(&p, &bodies, 0.3, 0.45);
            for a in 0..split {
                let found = index.candidates(&p, a);
                for &b in &bodies {
                    let close = p[a].subject.similarity(&p[b].subject) >= 0.3
                        || p[a].context.similarity(&p[b].context) >= 0.45;
                    prop_assert!(!close || found.contains(&b), "{a} {b} {found:?}");
                }
            }
        }

        /// Every item with a member that the body subject covers enough is a candidate, and
        /// candidates come in annex order.
        #[test]
        fn item_index_finds_every_covering_item(phrases in phrases(), split in 1..23usize) {
            let p: Vec<Prepared> = phrases.iter().map(|(s, c, _)| prepared(s, c)).collect();
            let split = split.min(p.len() - 1);
            let annex: Vec<(usize, usize)> =
                (0..split).map(|a| (a, phrases[a].2)).collect();
            let index = ItemIndex::new(&p, annex.iter().copied());
            for b in split..p.len() {
                let found = index.candidates(&p, &p[b].subject);
                let firsts: Vec<usize> = found.iter().filter_map(|m| m.first().copied()).collect();
                prop_assert!(firsts.windows(2).all(|w| w[0] < w[1]), "{firsts:?}");
                for &(a, item) in &annex {
                    if p[a].subject.covered_by(&p[b].subject) >= SUM_COVER_MIN {
                        prop_assert!(
                            found.iter().any(|m| m.contains(&a)),
                            "member {a} of item {item} missing for {b}"
                        );
                    }
                }
            }
        }
    }
}

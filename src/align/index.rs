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
            match groups
                .iter_mut()
                .find(|(p, _)| super::equal(*p, q.precision))
            {
                Some((_, list)) => list.push(entry),
                None => groups.push((q.precision, vec![entry])),
            }
        }
        for (_, list) in &mut groups {
            // As `sort_unstable` sorts the tuples, most value comparisons as integers'.
            list.sort_unstable_by(|a, b| {
                super::compare(a.0, b.0)
                    .then(a.1.cmp(&b.1))
                    .then(a.2.cmp(&b.2))
            });
        }
        ValueIndex { groups }
    }

    /// Where the body commitments whose value is within the tolerance [`super::same_value`]
    /// allows for `q` (a superset of those with the same value) lie: a range of each precision's
    /// list, found by two binary searches.
    pub(super) fn near(&self, q: &Quantity) -> Near {
        Near(
            self.groups
                .iter()
                .map(|(precision, list)| {
                    let tolerance = q.precision.max(*precision);
                    let (lo, hi) = (q.value - tolerance, q.value + tolerance);
                    let start = list.partition_point(|(v, ..)| super::compare(*v, lo).is_lt());
                    let end = list.partition_point(|(v, ..)| super::compare(*v, hi).is_le());
                    start..end.max(start)
                })
                .collect(),
        )
    }

    /// The body commitments `near` holds.
    pub(super) fn members<'s>(&'s self, near: &'s Near) -> impl Iterator<Item = usize> + 's {
        self.groups
            .iter()
            .zip(&near.0)
            .flat_map(|((_, list), range)| list[range.clone()].iter().map(|(.., b)| *b))
    }
}

/// A range of each of a [`ValueIndex`]'s lists (see [`ValueIndex::near`]).
pub(super) struct Near(Vec<std::ops::Range<usize>>);

impl Near {
    /// How many body commitments the ranges hold.
    pub(super) fn count(&self) -> usize {
        self.0.iter().map(ExactSizeIterator::len).sum()
    }
}

/// Annex commitments grouped by item, in annex order, and indexed so that a body commitment
/// finds only the items with a member that passes [`find_sum`](super::find_sum)'s cover test
/// (`covered_by >= SUM_COVER_MIN`), instead of every item sharing a bigram with it.
///
/// Members with the same subject bigrams form one shape, tested once per body commitment. The
/// test looks at the member's share only, so a [`Join`] finds the shapes through their own
/// prefixes ([`Join::prefix_met`]): a shape whose prefix holds none of the body's bigrams fails
/// it. An item with no passing member contributes nothing to a sum, so leaving it out changes
/// nothing.
pub(super) struct ItemIndex {
    items: Vec<Vec<usize>>,
    /// Item number → position in `items`.
    position: FxHashMap<usize, usize>,
    /// Per shape: a member that has it, and the items (ascending) with a member that has it.
    shapes: Vec<(usize, Vec<usize>)>,
    /// The shapes by their subject bigrams, for the cover test.
    join: Join,
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
        let mut shape_of: FxHashMap<&[u64], usize> = Default::default();
        for (k, list) in items.iter().enumerate() {
            // A sum takes two members or more: an item with one is never a candidate.
            if list.len() < 2 {
                continue;
            }
            for &a in list {
                let id = *shape_of.entry(p[a].subject.bigrams()).or_insert_with(|| {
                    shapes.push((a, Vec::new()));
                    shapes.len() - 1
                });
                let ks = &mut shapes[id].1;
                if ks.last() != Some(&k) {
                    ks.push(k);
                }
            }
        }
        let join = Join::new(
            shapes
                .iter()
                .enumerate()
                .map(|(id, (a, _))| (id, bigram_tokens(&p[*a].subject).collect())),
            SUM_COVER_MIN,
        );
        ItemIndex {
            items,
            position,
            shapes,
            join,
        }
    }

    /// The annex commitments of item `item`, in annex order.
    pub(super) fn members(&self, item: usize) -> &[usize] {
        self.position
            .get(&item)
            .map_or(&[], |&k| self.items[k].as_slice())
    }

    /// The member lists, in annex order, of the items with two members or more and a member
    /// whose subject `subject` covers enough for a sum; `None` when there may be more than
    /// `limit` such items (or distinct subjects to test), which are then not looked at.
    pub(super) fn candidates(
        &self,
        p: &[Prepared],
        subject: &Profile,
        limit: usize,
    ) -> Option<Vec<&[usize]>> {
        let mut ids: Vec<usize> = Vec::new();
        let tokens: Vec<u64> = bigram_tokens(subject).collect();
        if !self
            .join
            .prefix_met_within(&tokens, limit, |id| ids.push(id))
        {
            return None;
        }
        ids.sort_unstable();
        ids.dedup();
        if ids.len() > limit {
            return None;
        }
        let mut ks: Vec<usize> = ids
            .into_iter()
            .map(|id| &self.shapes[id])
            .filter(|(a, _)| p[*a].subject.covered_by(subject) >= SUM_COVER_MIN)
            .flat_map(|(_, ks)| ks.iter().copied())
            .collect();
        ks.sort_unstable();
        ks.dedup();
        if ks.len() > limit {
            return None;
        }
        Some(ks.into_iter().map(|k| self.items[k].as_slice()).collect())
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
        Tokens::Bigrams => out.extend(bigram_tokens(profile)),
        Tokens::Words => out.extend(profile.word_numbers()),
    }
}

/// A phrase's bigrams as join tokens.
fn bigram_tokens(profile: &Profile) -> impl Iterator<Item = u64> + '_ {
    profile.bigrams().iter().copied()
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

    /// The indexed body commitments that may reach either minimum with `a`, each once, in no
    /// particular order (a superset of those that do); `None` when there may be more than
    /// `limit` of them (found without going through more than `limit` per posting list).
    /// `seen` is scratch space kept between calls.
    pub(super) fn candidates(
        &self,
        p: &[Prepared],
        a: usize,
        seen: &mut Seen,
        limit: usize,
    ) -> Option<Vec<usize>> {
        seen.next();
        let mut out = Vec::new();
        let mut buf = Vec::new();
        for (join, part) in self.joins.iter().zip(PARTS) {
            tokens(&p[a], part, &mut buf);
            let within = join.extend_within(&mut buf, limit, |b| {
                if seen.first(b) {
                    out.push(b);
                }
            });
            if !within || out.len() > limit {
                return None;
            }
        }
        Some(out)
    }
}

/// Which ids a query has met already: the number of the query that last met each, so that
/// starting a query costs nothing.
#[derive(Default)]
pub(super) struct Seen {
    query: u32,
    last: Vec<u32>,
}

impl Seen {
    fn next(&mut self) {
        self.query += 1;
        if self.query == u32::MAX {
            self.query = 1;
            self.last.iter_mut().for_each(|x| *x = 0);
        }
    }

    /// Whether the current query meets `id` for the first time.
    fn first(&mut self, id: usize) -> bool {
        if id >= self.last.len() {
            self.last.resize(id + 1, 0);
        }
        let fresh = self.last[id] != self.query;
        self.last[id] = self.query;
        fresh
    }
}

/// Finds the sets that share at least `min` of the smaller one's tokens with a given set
/// (`c / min(la, lb) >= min`), by prefix filtering: if the smaller set `A` (of `n` tokens)
/// shares at least `t` of them, then it shares one of any `n - t + 1` of them, its prefix. So
/// one of the two sets has a prefix token in the other: a query looks its prefix up among all
/// tokens of the indexed sets, and all its tokens up among their prefixes. Prefixes are a set's
/// rarest tokens (by how many indexed sets hold them), so the lists they meet are short.
struct Join {
    all: Postings,
    prefixes: Postings,
    min: f64,
}

/// Per token, the ids of the sets holding it, in the order of the sets (an id that comes again
/// right after itself is listed once): one table and one list for all tokens, not a list per
/// token.
#[derive(Default)]
struct Postings {
    /// Per token: (start in `ids`, length, during building the last id listed).
    at: FxHashMap<u64, (usize, usize, usize)>,
    ids: Vec<usize>,
}

impl Postings {
    /// Lists the `(id, tokens)` sets, walked twice: counted, then filled in.
    fn new<'s>(sets: impl Iterator<Item = (usize, &'s [u64])> + Clone) -> Postings {
        let mut at: FxHashMap<u64, (usize, usize, usize)> = FxHashMap::default();
        for (id, tokens) in sets.clone() {
            for &t in tokens {
                let e = at.entry(t).or_insert((0, 0, usize::MAX));
                if e.2 != id {
                    e.1 += 1;
                    e.2 = id;
                }
            }
        }
        let mut total = 0;
        for e in at.values_mut() {
            let len = e.1;
            *e = (total, 0, usize::MAX);
            total += len;
        }
        let mut ids = vec![0; total];
        for (id, tokens) in sets {
            for t in tokens {
                if let Some(e) = at.get_mut(t) {
                    if e.2 != id {
                        if let Some(slot) = ids.get_mut(e.0 + e.1) {
                            *slot = id;
                        }
                        e.1 += 1;
                        e.2 = id;
                    }
                }
            }
        }
        Postings { at, ids }
    }

    /// The ids listed for `t`, if any.
    fn get(&self, t: &u64) -> Option<&[usize]> {
        let &(start, len, _) = self.at.get(t)?;
        self.ids.get(start..start + len)
    }
}

impl Join {
    fn new(sets: impl Iterator<Item = (usize, Vec<u64>)>, min: f64) -> Join {
        let mut sets: Vec<(usize, Vec<u64>)> = sets.collect();
        let mut join = Join {
            all: Postings::new(sets.iter().map(|(id, tokens)| (*id, tokens.as_slice()))),
            prefixes: Postings::default(),
            min,
        };
        let mut cut = Vec::with_capacity(sets.len());
        for (_, tokens) in &mut sets {
            cut.push(join.prefix(tokens).len());
        }
        join.prefixes = Postings::new(
            sets.iter()
                .zip(&cut)
                .map(|((id, tokens), &n)| (*id, &tokens[..n])),
        );
        join
    }

    /// Reorders `tokens` rarest first and returns the prefix that any set sharing `min` of
    /// them must meet.
    fn prefix<'t>(&self, tokens: &'t mut [u64]) -> &'t [u64] {
        let n = tokens.len();
        let Some(t) = least_common(n, self.min) else {
            return &[];
        };
        // Keys looked up once per token, not per comparison; equal keys are equal tokens, so
        // the order is the one sorting by key gives.
        let mut keyed: Vec<(usize, u64)> = tokens
            .iter()
            .map(|t| (self.all.get(t).map_or(0, <[usize]>::len), *t))
            .collect();
        keyed.sort_unstable();
        for (slot, (_, t)) in tokens.iter_mut().zip(keyed) {
            *slot = t;
        }
        &tokens[..n - t + 1]
    }

    /// Calls `found` with the indexed sets that may share `min` with `tokens` (in no order,
    /// with repeats), and returns true; or returns false, part way, on meeting a list of more
    /// than `limit` sets (then more than `limit` sets may share `min`).
    fn extend_within(
        &self,
        tokens: &mut [u64],
        limit: usize,
        mut found: impl FnMut(usize),
    ) -> bool {
        if !self.prefix_met_within(tokens, limit, &mut found) {
            return false;
        }
        for t in self.prefix(tokens) {
            if let Some(ids) = self.all.get(t) {
                if ids.len() > limit {
                    return false;
                }
                ids.iter().for_each(|&id| found(id));
            }
        }
        true
    }

    /// Calls `found` with the indexed sets whose prefix holds one of `tokens` (in no order,
    /// with repeats): among them every set that shares `min` of its own tokens with them.
    /// Returns true, or false part way on meeting a list of more than `limit` sets.
    fn prefix_met_within(
        &self,
        tokens: &[u64],
        limit: usize,
        mut found: impl FnMut(usize),
    ) -> bool {
        for t in tokens {
            if let Some(ids) = self.prefixes.get(t) {
                if ids.len() > limit {
                    return false;
                }
                ids.iter().for_each(|&id| found(id));
            }
        }
        true
    }
}

/// The least number of `n` tokens whose share reaches `min`, a hair low so that rounding can
/// only add candidates; `None` when there are no tokens (the share is then zero).
fn least_common(n: usize, min: f64) -> Option<usize> {
    (1..=n).find(|&t| t as f64 / n as f64 >= min - 1e-9)
}

#[cfg(test)]
mod tests {
    use super::super::similarity::Words;
    use super::*;
    use proptest::prelude::*;

    /// Pieces that phrases are made of: real words that share characters in many ways, single
    /// characters, separators, masked numbers and digits (which profiles drop), and Latin words
    /// (compared as "other" words; separators keep neighbouring ones apart).
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
        "Wifi",
        "ETC",
        "、",
        "和",
        "的",
        "。",
        "#",
        "1",
        "，",
        "PM",
        "GDP",
        "乡镇",
        "镇",
    ];

    type Phrases = Vec<(Vec<usize>, Vec<usize>, usize)>;

    /// Up to 30 (subject, clause, item) triples; subjects up to `max` pieces, clauses twice that.
    fn phrases(max: usize) -> impl Strategy<Value = Phrases> {
        prop::collection::vec(
            (
                prop::collection::vec(0..PIECES.len(), 0..max),
                prop::collection::vec(0..PIECES.len(), 0..max * 2),
                0..5usize,
            ),
            2..30,
        )
    }

    fn phrase(pieces: &[usize]) -> String {
        pieces.iter().map(|&i| PIECES[i]).collect()
    }

    /// Profiles with one segmenter for all texts, as `align` makes them.
    fn prepare(texts: &[(String, String)]) -> Vec<Prepared> {
        let clean: Vec<(String, String)> = texts
            .iter()
            .map(|(s, c)| (Profile::clean(s), Profile::clean(c)))
            .collect();
        let words = Words::new();
        clean
            .iter()
            .map(|(s, c)| Prepared {
                subject: Profile::with(&words, s),
                context: Profile::with(&words, c),
            })
            .collect()
    }

    fn prepared(phrases: &Phrases) -> Vec<Prepared> {
        let texts: Vec<(String, String)> = phrases
            .iter()
            .map(|(s, c, _)| (phrase(s), phrase(c)))
            .collect();
        prepare(&texts)
    }

    /// Every body commitment whose subject or clause reaches its minimum with `a`'s.
    fn check_pairs(p: &[Prepared], split: usize, subject_min: f64, context_min: f64) -> bool {
        let bodies: Vec<usize> = (split..p.len()).collect();
        let index = PairIndex::new(p, &bodies, subject_min, context_min);
        let mut seen = Seen::default();
        (0..split).all(|a| {
            let Some(found) = index.candidates(p, a, &mut seen, usize::MAX) else {
                return false;
            };
            let mut unique = found.clone();
            unique.sort_unstable();
            unique.dedup();
            unique.len() == found.len()
                && bodies.iter().all(|&b| {
                    let close = p[a].subject.similarity(&p[b].subject) >= subject_min
                        || p[a].context.similarity(&p[b].context) >= context_min;
                    !close || found.contains(&b)
                })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Every pair whose subjects or clauses reach the minimum is a candidate, once; at the
        /// minimums alignment uses and at any others.
        #[test]
        fn pair_index_finds_every_close_pair(
            phrases in phrases(10),
            split in 1..29usize,
            subject_min in 0.05..0.95f64,
            context_min in 0.05..0.95f64,
        ) {
            let p = prepared(&phrases);
            let split = split.min(p.len() - 1);
            prop_assert!(check_pairs(&p, split, 0.3, 0.45));
            prop_assert!(check_pairs(&p, split, subject_min, context_min));
        }

        /// The items are exactly those, in annex order, with a member the body subject covers
        /// enough: what the search over every item sharing a bigram found. Annex subjects come
        /// from a small pool, so that one subject recurs in several items, as in real annexes.
        #[test]
        fn item_index_equals_a_search_over_every_item(
            pool in prop::collection::vec(prop::collection::vec(0..PIECES.len(), 0..10), 1..6),
            annex in prop::collection::vec((0..6usize, 0..8usize), 1..30),
            bodies in prop::collection::vec(prop::collection::vec(0..PIECES.len(), 0..14), 1..6),
        ) {
            let mut texts: Vec<(String, String)> = annex
                .iter()
                .map(|&(k, _)| (phrase(&pool[k % pool.len()]), String::new()))
                .collect();
            texts.extend(pool.iter().chain(&bodies).map(|s| (phrase(s), String::new())));
            let p = prepare(&texts);
            let annex: Vec<(usize, usize)> =
                annex.iter().enumerate().map(|(a, &(_, item))| (a, item)).collect();
            let index = ItemIndex::new(&p, annex.iter().copied());
            let mut order: Vec<usize> = Vec::new();
            for &(_, item) in &annex {
                if !order.contains(&item) {
                    order.push(item);
                }
            }
            for b in annex.len()..p.len() {
                let found: Vec<Vec<usize>> = index
                    .candidates(&p, &p[b].subject, usize::MAX)
                    .unwrap_or_default()
                    .into_iter()
                    .map(<[usize]>::to_vec)
                    .collect();
                let expected: Vec<Vec<usize>> = order
                    .iter()
                    .map(|&item| annex.iter().filter(|m| m.1 == item).map(|m| m.0).collect())
                    .filter(|members: &Vec<usize>| {
                        members.len() >= 2 && members
                            .iter()
                            .any(|&a| p[a].subject.covered_by(&p[b].subject) >= SUM_COVER_MIN)
                    })
                    .collect();
                prop_assert_eq!(found, expected);
            }
        }
    }

    /// A member covered exactly at the minimum (9 of its 20 bigrams) still counts.
    #[test]
    fn a_member_covered_exactly_at_the_minimum_is_found() {
        let member = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌";
        let body: String = member.chars().take(10).collect();
        // A second member, unrelated: a sum takes two.
        let p = prepare(&[
            (member.to_string(), String::new()),
            (body, String::new()),
            ("无关文字".to_string(), String::new()),
        ]);
        assert_eq!(p[0].subject.bigrams().len(), 20);
        assert_eq!(p[0].subject.covered_by(&p[1].subject), SUM_COVER_MIN);
        let index = ItemIndex::new(&p, [(0, 7), (2, 7)]);
        assert_eq!(
            index.candidates(&p, &p[1].subject, usize::MAX),
            Some(vec![&[0, 2][..]])
        );
    }

    /// Two subjects whose similarity comes from a shared Latin word while too few bigrams are
    /// shared: only the word join finds the pair.
    #[test]
    fn a_shared_latin_word_alone_makes_a_candidate() {
        let texts = [("AIGDP万PM", "AIGDP万PM"), ("AIApp个PM", "AIApp个PM")]
            .map(|(s, c)| (s.to_string(), c.to_string()));
        let p = prepare(&texts);
        let similarity = p[0].subject.similarity(&p[1].subject);
        assert!(similarity >= 0.3 && p[0].subject.containment(&p[1].subject) < 0.3);
        let index = PairIndex::new(&p, &[1], 0.3, 0.45);
        assert_eq!(
            index.candidates(&p, 0, &mut Seen::default(), usize::MAX),
            Some(vec![1])
        );
    }
}

//! The cheapest mix of pack sizes that covers a shortfall.

use rust_decimal::Decimal;

/// A sellable pack: its size in rights and, when known, its price (same currency for all packs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PackOffer {
    pub size: u32,
    pub price: Option<Decimal>,
}

/// How many of each pack size to buy, largest pack first; empty when nothing is short.
///
/// Minimises, in order: the price (unpriced packs count as zero), the rights bought (the least
/// over-buy), then the number of packs. Exact dynamic programme over 0..=shortfall rights, so
/// O(shortfall × pack sizes), counted in steps of the pack sizes' greatest common divisor:
/// every mix buys a multiple of it, so covering `t` rights is covering `t` rounded up to the
/// next multiple, and the programme over multiples makes the same choices (the tests hold it to
/// the programme over single rights). One pack size needs no programme at all.
pub fn cheapest_mix(shortfall: u64, offers: &[PackOffer]) -> Vec<(u32, u64)> {
    let offers: Vec<PackOffer> = offers
        .iter()
        .copied()
        .filter(|offer| offer.size > 0)
        .collect();
    if shortfall == 0 || offers.is_empty() {
        return Vec::new();
    }
    if let [offer] = offers.as_slice() {
        return vec![(offer.size, shortfall.div_ceil(u64::from(offer.size)))];
    }
    let step = offers.iter().fold(0, |g, offer| gcd(g, offer.size));
    let scaled: Vec<PackOffer> = offers
        .iter()
        .map(|offer| PackOffer {
            size: offer.size / step,
            price: offer.price,
        })
        .collect();
    cheapest_mix_by_rights(shortfall.div_ceil(u64::from(step)), &scaled)
        .into_iter()
        .map(|(size, count)| (size * step, count))
        .collect()
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The dynamic programme over every count of rights from 1 to the shortfall.
fn cheapest_mix_by_rights(shortfall: u64, offers: &[PackOffer]) -> Vec<(u32, u64)> {
    let n = usize::try_from(shortfall).unwrap_or(usize::MAX);
    // best[t] = (price, rights, packs, index of the last offer taken) to cover at least t rights.
    let mut best: Vec<(Decimal, u64, u64, usize)> = Vec::with_capacity(n + 1);
    best.push((Decimal::ZERO, 0, 0, usize::MAX));
    for target in 1..=n {
        let mut choice: Option<(Decimal, u64, u64, usize)> = None;
        for (index, offer) in offers.iter().enumerate() {
            let rest = target.saturating_sub(offer.size as usize);
            let (price, rights, packs, _) = best[rest];
            let candidate = (
                price + offer.price.unwrap_or(Decimal::ZERO),
                rights + u64::from(offer.size),
                packs + 1,
                index,
            );
            let better = match &choice {
                None => true,
                Some(current) => {
                    (candidate.0, candidate.1, candidate.2) < (current.0, current.1, current.2)
                }
            };
            if better {
                choice = Some(candidate);
            }
        }
        best.extend(choice);
    }
    let mut counts = vec![0u64; offers.len()];
    let mut target = n;
    while target > 0 {
        let index = best[target].3;
        counts[index] += 1;
        target = target.saturating_sub(offers[index].size as usize);
    }
    let mut mix: Vec<(u32, u64)> = offers
        .iter()
        .zip(counts)
        .filter(|(_, count)| *count > 0)
        .map(|(offer, count)| (offer.size, count))
        .collect();
    crate::order::sort_by_key(&mut mix, |&(size, _)| std::cmp::Reverse(size));
    mix
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn check(shortfall: u64, offers: &[(u32, Option<Decimal>)], expect: &[(u32, u64)]) {
        let offers: Vec<PackOffer> = offers
            .iter()
            .map(|&(size, price)| PackOffer { size, price })
            .collect();
        assert_eq!(
            cheapest_mix(shortfall, &offers),
            expect,
            "shortfall {shortfall}, offers {offers:?}"
        );
    }

    #[test]
    fn pack_mixes() {
        // Windows Server: 2- and 16-packs at the same price per core (MS-WS-PACKS).
        let ws = [(2, Some(dec!(123.50))), (16, Some(dec!(988.00)))];
        check(128, &ws, &[(16, 8)]);
        check(130, &ws, &[(16, 8), (2, 1)]);
        check(0, &ws, &[]);
        // Dell KB 000205142: 64 cores needs four 16-core packs.
        check(64, &ws, &[(16, 4)]);
        // SQL Server: 2-packs only, an odd count rounds up (MS-SQL-2PACK).
        check(128, &[(2, Some(dec!(13748)))], &[(2, 64)]);
        check(5, &[(2, None)], &[(2, 3)]);
        // A 16-pack cheaper than 7 two-packs wins even though it over-buys.
        check(
            14,
            &[(2, Some(dec!(100))), (16, Some(dec!(650)))],
            &[(16, 1)],
        );
        // Without prices, the least over-buy and then the fewest packs.
        check(18, &[(2, None), (16, None)], &[(16, 1), (2, 1)]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 512, rng_seed: proptest::test_runner::RngSeed::Fixed(20261129), ..Default::default() })]

        /// Counting in steps of the pack sizes' greatest common divisor (or by division, for one
        /// size) chooses exactly what the programme over single rights chooses, ties included.
        #[test]
        fn the_mix_in_steps_of_the_common_divisor_is_the_mix_by_single_rights(
            shortfall in 0u64..300,
            offers in proptest::collection::vec(
                (proptest::sample::select(vec![0u32, 1, 2, 3, 4, 6, 8, 10, 16, 24, 32]), proptest::option::of(0i64..5_000)),
                1..4,
            ),
        ) {
            let offers: Vec<PackOffer> = offers
                .into_iter()
                .map(|(size, cents)| PackOffer { size, price: cents.map(|c| Decimal::new(c, 2)) })
                .collect();
            let usable: Vec<PackOffer> = offers.iter().copied().filter(|o| o.size > 0).collect();
            let expect = if shortfall == 0 || usable.is_empty() {
                Vec::new()
            } else {
                cheapest_mix_by_rights(shortfall, &usable)
            };
            proptest::prop_assert_eq!(cheapest_mix(shortfall, &offers), expect);
        }
    }
}

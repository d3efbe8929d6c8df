//! Price lists: each fixture with a snapshot of what was read, the row totals written out by
//! hand, and the normalised prices worked out by hand in the comments.

mod common;

use common::{assert_counts, counts, fixture, report_view};
use preflight_engine::{Currency, LicenceType, RulePack};
use preflight_import::prices::{Period, PriceBasis};
use preflight_import::{Imported, Options, PriceList, read_prices};
use rust_decimal::dec;

fn read(path: &str, options: &Options) -> Imported<PriceList> {
    let name = path.rsplit('/').next().unwrap();
    read_prices(
        name,
        &fixture(path),
        options,
        &RulePack::builtin().catalogue,
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn view(imported: &Imported<PriceList>) -> serde_json::Value {
    let mut records: Vec<String> = imported
        .value
        .lines
        .iter()
        .map(|line| {
            let e = &line.entry;
            format!(
                "row {}: {} {:?} pack of {} at {} {} ({:?}, {:?}); per right {}{}; {}{} from {:?}",
                line.row,
                e.product,
                e.licence_type,
                e.pack_size,
                e.price.currency,
                e.price.amount,
                line.basis,
                line.period,
                line.per_right.amount,
                line.per_right_per_year
                    .map(|m| format!(", per right per year {}", m.amount))
                    .unwrap_or_default(),
                e.sku.as_deref().unwrap_or("no SKU"),
                match (e.valid_from, e.valid_to) {
                    (None, None) => String::new(),
                    (from, to) => format!(", valid {from:?} to {to:?}"),
                },
                e.source,
            )
        })
        .collect();
    records.extend(imported.value.unmatched.iter().map(|u| {
        format!(
            "row {}: unmatched {:?} {:?} {:?} at {} {}",
            u.source.row, u.publisher, u.product, u.edition, u.price.currency, u.price.amount
        )
    }));
    report_view(imported, records)
}

#[test]
fn a_reseller_quote_gives_pack_prices_normalised_per_right_and_year_with_their_basis() {
    let imported = read("prices/reseller-quote.csv", &Options::default());
    // A title and a total line skipped; rows 7 (770.00 × 10 ≠ 7800.00), 10 ("$" with no
    // currency), 11 (a per-core product priced per user) and 13 (valid to before valid from)
    // rejected; the Oracle row kept as unmatched.
    assert_counts(&imported, counts(13, 7, 0, 4, 2));
    let lines = &imported.value.lines;
    let by_row = |row: u32| lines.iter().find(|l| l.row == row).unwrap();
    // 6155.00 for 16 core licences: 384.6875 a right, rounded once to 384.69; one-off.
    let windows = by_row(3);
    assert_eq!(windows.entry.price.amount, dec!(6155.00));
    assert_eq!(windows.per_right.amount, dec!(384.69));
    assert_eq!(
        (windows.basis, windows.period, windows.per_right_per_year),
        (PriceBasis::PerPack, Some(Period::OneOff), None)
    );
    // 11,760.00 for 4 two-core packs a year: 2,940.00 a pack, 1,470.00 a right a year.
    let standard = by_row(5);
    assert_eq!(standard.basis, PriceBasis::LineTotal);
    assert_eq!(standard.entry.price.amount, dec!(2940.00));
    assert_eq!(standard.per_right_per_year.unwrap().amount, dec!(1470.00));
    // 495.00 a core a month: 990.00 a two-core pack, 5,940.00 a core a year.
    let csp = by_row(6);
    assert_eq!(csp.basis, PriceBasis::PerRight);
    assert_eq!(csp.entry.price.amount, dec!(990.00));
    assert_eq!(csp.per_right_per_year.unwrap().amount, dec!(5940.00));
    // 33.33 × 3 = 99.99 agrees with 100.00 to the cent the unit price is written in.
    assert_eq!(by_row(8).entry.price.amount, dec!(33.33));
    // SA without a billing period: kept, not normalised per year, and said so.
    let sa = by_row(12);
    assert_eq!(sa.entry.licence_type, LicenceType::SoftwareAssurance);
    assert_eq!((sa.period, sa.per_right_per_year), (None, None));
    // The catalogue knows Oracle Database Enterprise Edition (Processor): no line is unmatched.
    assert_eq!(imported.value.unmatched.len(), 0);
    // The seven priced lines' packs, by hand: 6155 + 15123 + 2940 + 990 + 33.33 + 47500 + 3780.75.
    let sum: rust_decimal::Decimal = lines.iter().map(|l| l.entry.price.amount).sum();
    assert_eq!(sum, dec!(76522.08));
    let disagreement = imported
        .diagnostics
        .iter()
        .find(|d| d.row == Some(7))
        .unwrap();
    assert_eq!(disagreement.column.as_deref(), Some("Line total"));
    assert!(
        disagreement
            .message
            .contains("Unit price 770.00 × 10 pack(s) = 7700.00, but Line total is 7800.00"),
        "{disagreement}"
    );
    insta::assert_json_snapshot!(view(&imported));
}

#[test]
fn the_workbook_currency_reads_a_dollar_sign_the_file_leaves_open() {
    let options = Options {
        currency: Some(Currency::USD),
        ..Options::default()
    };
    let imported = read("prices/reseller-quote.csv", &options);
    assert_counts(&imported, counts(13, 8, 0, 3, 2));
    let old_quote = imported.value.lines.iter().find(|l| l.row == 10).unwrap();
    assert_eq!(old_quote.entry.price.amount, dec!(1200.00));
    assert_eq!(old_quote.entry.price.currency, Currency::USD);
    // In euros, "$" stays open: the workbook currency is not one "$" can mean.
    let euro = Options {
        currency: Some(Currency::EUR),
        ..Options::default()
    };
    let imported = read("prices/reseller-quote.csv", &euro);
    let row_10 = imported
        .report
        .outcomes
        .iter()
        .find(|o| o.row == 10)
        .unwrap();
    assert!(
        row_10.reason.contains("\"$\" may be USD, CAD"),
        "{}",
        row_10.reason
    );
}

#[test]
fn imported_prices_price_the_engines_purchase() {
    use preflight_engine::{Deployment, Workbook, evaluate};
    let deployment: Deployment = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../public/demo/deployment.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut workbook = Workbook::new(Currency::USD, deployment);
    // The demo goes live in 2027; the quote's prices are valid in 2026.
    workbook.scenario_mut().deployment.start = Some("2026-12-01".parse().unwrap());
    let imported = read("prices/reseller-quote.csv", &Options::default());
    workbook.price_list = imported.value.entries();
    let pack = RulePack::builtin();
    let evaluation = evaluate(&workbook, &pack, "2026-11-28".parse().unwrap());
    // Nothing owned: 128 Windows Server Datacenter cores = 8 × 16-core packs at 6155.00
    // (row 3), and 128 SQL Server Enterprise cores = 64 × 2-core packs at 15123.00 (row 4).
    let costs: Vec<String> = evaluation
        .positions
        .iter()
        .map(|p| format!("{} {:?}", p.product, p.cost.map(|c| c.amount)))
        .collect();
    assert_eq!(
        costs,
        [
            "ms-windows-server-datacenter Some(49240.00)",
            "ms-sql-server-enterprise Some(967872.00)"
        ]
    );
}

//! The workbook's entitlement lines as a table: filtered by product and file, searched, sorted
//! by any column, and totalled by product. Pure, so the page's table and the command line list
//! the same lines in the same order; the page renders only the rows in view.

use chrono::{Datelike, NaiveDate};

use crate::catalogue::{Catalogue, ProductId};
use crate::entitlement::{Entitlement, Rights};
use crate::workbook::Workbook;

/// A column of the table, to sort by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Column {
    #[default]
    Product,
    Edition,
    Metric,
    /// The line's rights (rights per pack as counted × packs).
    Rights,
    LicenceType,
    /// The last day of the SA or subscription term; lines without one sort last.
    End,
    /// The file, then the row in it.
    File,
}

impl Column {
    pub const ALL: [Column; 7] = [
        Column::Product,
        Column::Edition,
        Column::Metric,
        Column::Rights,
        Column::LicenceType,
        Column::End,
        Column::File,
    ];
}

/// What to show: a sort, the filters and a free text, all of which must match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineQuery {
    pub sort: Column,
    pub descending: bool,
    /// Only this product's lines.
    pub product: Option<ProductId>,
    /// Only this file's lines.
    pub file: Option<String>,
    /// Text found, ignoring case, in the product, edition, metric, licence type, file, SKU,
    /// version, legal entity or cost centre; blank matches every line.
    pub search: String,
}

/// A line by its place in [`Workbook::all_sources`]: the source, then the line in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LineRef {
    pub source: u32,
    pub line: u32,
}

impl LineRef {
    /// The line it names, or `None` when the workbook has changed since.
    pub fn get(self, workbook: &Workbook) -> Option<(&str, &Entitlement)> {
        let source = workbook.all_sources().nth(self.source as usize)?;
        let line = source.entitlements.get(self.line as usize)?;
        Some((&source.file, line))
    }
}

/// Rights owned of one product, over the lines shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductTotal {
    pub product: ProductId,
    pub lines: usize,
    /// Rights of the lines that grant rights on the as-of date (SA-only lines and subscriptions
    /// out of term grant none; an unlimited agreement's quantity is not counted).
    pub owned: Rights,
    /// An unlimited agreement in term covers the product whatever the quantity.
    pub unlimited: bool,
}

/// The lines to show, in order, and their totals by product.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineTable {
    pub rows: Vec<LineRef>,
    /// Lines before any filter.
    pub all: usize,
    /// By product, in the product's sort order (name, then edition).
    pub totals: Vec<ProductTotal>,
}

/// A product's name and edition as the catalogue (or the workbook's additions) gives them; the
/// id for both when neither knows it.
pub fn product_names(
    catalogue: &Catalogue,
    workbook: &Workbook,
    id: &ProductId,
) -> (String, String) {
    // Borrowed, not collected: the page asks for each line in view.
    catalogue
        .get(id)
        .or_else(|| workbook.catalogue_additions_iter().find(|p| &p.id == id))
        .map_or_else(
            || (id.to_string(), String::new()),
            |p| (p.name.clone(), p.edition.clone()),
        )
}

/// The products the lines name, sorted by id, with what each sorts and searches by: worked out
/// once per table rather than once per line.
struct Products<'a> {
    ids: Vec<&'a ProductId>,
    /// Place in the sort by name then edition, and by edition then name.
    by_name: Vec<u32>,
    by_edition: Vec<u32>,
    /// "name edition", lower-case.
    text: Vec<String>,
}

impl<'a> Products<'a> {
    fn new(workbook: &'a Workbook, catalogue: &Catalogue) -> Products<'a> {
        let mut ids: Vec<&ProductId> = workbook.entitlements().map(|e| &e.product).collect();
        ids.sort_unstable();
        ids.dedup();
        let names: Vec<(String, String)> = ids
            .iter()
            .map(|id| product_names(catalogue, workbook, id))
            .collect();
        // A NUL between the parts: "SQL Server" + "Standard" sorts after "SQL Server" alone.
        let by_name: Vec<String> = names.iter().map(|(n, e)| format!("{n}\0{e}")).collect();
        let by_edition: Vec<String> = names.iter().map(|(n, e)| format!("{e}\0{n}")).collect();
        Products {
            by_name: ranks(&by_name),
            by_edition: ranks(&by_edition),
            text: names
                .iter()
                .map(|(n, e)| format!("{n} {e}").to_lowercase())
                .collect(),
            ids,
        }
    }

    fn index(&self, id: &ProductId) -> usize {
        self.ids.binary_search(&id).unwrap_or(0)
    }
}

/// The workbook's entitlement lines that `query` selects, sorted by its column (ties keep file
/// and row order), with the totals by product of the lines selected.
pub fn line_table(
    workbook: &Workbook,
    catalogue: &Catalogue,
    as_of: NaiveDate,
    query: &LineQuery,
) -> LineTable {
    let sources: Vec<_> = workbook.all_sources().collect();
    let products = Products::new(workbook, catalogue);
    let search = query.search.trim().to_lowercase();
    let file_rank = ranks(&sources.iter().map(|s| s.file.clone()).collect::<Vec<_>>());
    let metrics = TextRanks::new(
        sources
            .iter()
            .flat_map(|s| &s.entitlements)
            .map(|e| e.metric),
    );
    let licence_types = TextRanks::new(
        sources
            .iter()
            .flat_map(|s| &s.entitlements)
            .map(|e| e.licence_type),
    );
    // Every selected line with its sort key: the column's value as one number, reversed for a
    // descending sort; lines without an end last whichever the direction; then file and row
    // order, so equal keys keep it and the sort is deterministic.
    let mut keyed: Vec<(bool, u64, u32, u32)> = Vec::new();
    let mut all = 0;
    for (s, source) in sources.iter().enumerate() {
        all += source.entitlements.len();
        if query.file.as_ref().is_some_and(|f| *f != source.file) {
            continue;
        }
        let file = source.file.to_lowercase();
        for (l, x) in source.entitlements.iter().enumerate() {
            if query.product.as_ref().is_some_and(|p| *p != x.product) {
                continue;
            }
            let product = products.index(&x.product);
            if !search.is_empty() && !matches(x, &products.text[product], &file, &search) {
                continue;
            }
            let key = match query.sort {
                Column::Product => u64::from(products.by_name[product]),
                Column::Edition => u64::from(products.by_edition[product]),
                Column::Metric => metrics.rank(x.metric),
                Column::Rights => x.rights().0,
                Column::LicenceType => licence_types.rank(x.licence_type),
                Column::End => x.end.map_or(0, |d| {
                    (i64::from(d.num_days_from_ce()) - i64::from(i32::MIN)) as u64
                }),
                Column::File => (u64::from(file_rank[s]) << 32) | u64::from(x.source.row),
            };
            let key = if query.descending {
                u64::MAX - key
            } else {
                key
            };
            let no_end = query.sort == Column::End && x.end.is_none();
            keyed.push((no_end, key, s as u32, l as u32));
        }
    }
    keyed.sort_unstable();
    let rows: Vec<LineRef> = keyed
        .into_iter()
        .map(|(_, _, source, line)| LineRef { source, line })
        .collect();
    let totals = totals(&rows, &sources, &products, as_of);
    LineTable { rows, all, totals }
}

/// Each distinct value of a closed vocabulary (metrics, licence types) and its place when their
/// texts are sorted.
struct TextRanks<T> {
    values: Vec<T>,
    ranks: Vec<u32>,
}

impl<T: PartialEq + Copy + std::fmt::Display> TextRanks<T> {
    fn new(all: impl Iterator<Item = T>) -> TextRanks<T> {
        let mut values: Vec<T> = Vec::new();
        for value in all {
            if !values.contains(&value) {
                values.push(value);
            }
        }
        let texts: Vec<String> = values.iter().map(ToString::to_string).collect();
        TextRanks {
            ranks: ranks(&texts),
            values,
        }
    }

    fn rank(&self, value: T) -> u64 {
        let i = self.values.iter().position(|v| *v == value).unwrap_or(0);
        u64::from(self.ranks[i])
    }
}

fn matches(line: &Entitlement, product: &str, file: &str, search: &str) -> bool {
    let found = |text: &str| text.to_lowercase().contains(search);
    product.contains(search)
        || file.contains(search)
        || found(&line.metric.to_string())
        || found(&line.licence_type.to_string())
        || [
            line.sku.as_deref(),
            line.version.as_deref(),
            line.legal_entity.as_deref(),
            line.cost_centre.as_deref(),
        ]
        .into_iter()
        .flatten()
        .any(found)
        || line.extra.iter().any(|(_, cell)| found(cell))
}

/// Each text's place among the texts sorted (equal texts share one).
fn ranks(texts: &[String]) -> Vec<u32> {
    let mut sorted: Vec<&String> = texts.iter().collect();
    sorted.sort_unstable();
    sorted.dedup();
    texts
        .iter()
        .map(|text| sorted.binary_search(&text).map_or(0, |i| i as u32))
        .collect()
}

fn totals(
    rows: &[LineRef],
    sources: &[&crate::workbook::EntitlementSource],
    products: &Products,
    as_of: NaiveDate,
) -> Vec<ProductTotal> {
    let mut totals: Vec<Option<ProductTotal>> = vec![None; products.ids.len()];
    for r in rows {
        let e = &sources[r.source as usize].entitlements[r.line as usize];
        let total = totals[products.index(&e.product)].get_or_insert_with(|| ProductTotal {
            product: e.product.clone(),
            lines: 0,
            owned: Rights(0),
            unlimited: false,
        });
        total.lines += 1;
        if e.grants_on(as_of) {
            if e.unlimited {
                total.unlimited = true;
            } else {
                total.owned = total.owned + e.rights();
            }
        }
    }
    // In the product column's order: by name, then edition.
    let mut ordered: Vec<(u32, ProductTotal)> = Vec::new();
    for (i, total) in totals.into_iter().enumerate() {
        if let Some(total) = total {
            ordered.push((products.by_name[i], total));
        }
    }
    ordered.sort_unstable_by_key(|(rank, _)| *rank);
    ordered.into_iter().map(|(_, total)| total).collect()
}

//! Entitlement CSV files as users export them, one fixture per case.

use preflight_engine::RulePack;
use preflight_import::{ImportError, Imported, read_entitlements_csv};

fn read(
    name: &str,
    bytes: &[u8],
) -> Result<Imported<preflight_engine::EntitlementSource>, ImportError> {
    read_entitlements_csv(name, bytes, &RulePack::builtin().catalogue)
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/csv/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_demo_entitlement_file_imports_every_line() {
    let bytes = include_bytes!("../../../public/demo/entitlements.csv");
    let imported = read("entitlements.csv", bytes).unwrap();
    insta::assert_json_snapshot!(imported);
}

#[test]
fn servicenow_layout_with_sep_line_bom_crlf_and_currency_in_the_price() {
    let imported = read(
        "servicenow.csv",
        &fixture("servicenow-semicolon-sep-line.csv"),
    )
    .unwrap();
    insta::assert_json_snapshot!(imported);
}

#[test]
fn rows_with_errors_are_reported_by_row_and_column_and_the_rest_imported() {
    let imported = read("rows-with-errors.csv", &fixture("rows-with-errors.csv")).unwrap();
    let messages: Vec<String> = imported
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    insta::assert_json_snapshot!((messages, &imported.value));
}

#[test]
fn a_file_without_a_required_column_is_refused_naming_it() {
    let error = read("missing.csv", &fixture("missing-metric-column.csv")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "missing.csv: no column for \"Metric\"; the header row has \"Product\", \"Edition\", \"Quantity\""
    );
}

#[test]
fn an_unterminated_quote_rejects_its_row_with_the_line_it_opens_on() {
    let bytes =
        b"Product,Metric,Quantity\nSQL Server Enterprise,Per core,2\n\"SQL Server,Per core,2\n";
    // The csv crate reads an unterminated quote to the end of the file as one field: that
    // record is rejected with the line the quote opens on, never read as a row.
    let imported = read("broken.csv", bytes).unwrap();
    assert_eq!(imported.value.entitlements.len(), 1);
    let errors: Vec<String> = imported
        .diagnostics
        .iter()
        .filter(|d| d.level == preflight_import::Level::Error)
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [
            "broken.csv, row 3: a quote opened on line 3 is never closed, so line 3 was read as \
          one cell and not imported: close the quote and import the file again"
        ]
    );
    assert_eq!(imported.report.rows.rejected, 1);
}

/// The user's product mappings apply before the catalogue: a reseller's own wording becomes the
/// product it names (its 8 core licences counted as SQL Server Enterprise), a line marked not
/// relevant is skipped with the reason, and a text with no answer stays unmatched.
#[test]
fn product_mappings_turn_unmatched_lines_into_products_or_skip_them() {
    use preflight_engine::ProductId;
    use preflight_engine::mapping::ProductMapping;
    use preflight_import::{Options, RowState, read_entitlements};
    let csv = b"Publisher,Product,Edition,Metric,Quantity\n\
        Acme Resale,SQL-Svr Ent,Core 2pk,Per core,8\n\
        Acme Resale,Coffee machine,,Per device,1\n\
        Acme Resale,Mystery suite,,Per user,3\n";
    let pack = RulePack::builtin();
    let read = |mappings: Vec<ProductMapping>| {
        let options = Options {
            mappings,
            ..Options::default()
        };
        read_entitlements("reseller.csv", csv, &options, &pack.catalogue).unwrap()
    };
    let before = read(Vec::new());
    assert_eq!(before.value.entitlements.len(), 0);
    assert_eq!(before.value.unmatched.len(), 3);

    let mapping = |product: &str, edition: &str, to: Option<&str>| ProductMapping {
        publisher: "acme resale".into(),
        product: product.into(),
        edition: edition.into(),
        to: to.map(|id| ProductId(id.into())),
    };
    let after = read(vec![
        mapping("sql svr ent", "core 2PK", Some("ms-sql-server-enterprise")),
        mapping("Coffee Machine", "", None),
    ]);
    let lines: Vec<(String, u32)> = after
        .value
        .entitlements
        .iter()
        .map(|e| (e.product.to_string(), e.rights_per_pack * e.packs))
        .collect();
    assert_eq!(lines, [("ms-sql-server-enterprise".to_string(), 8)]);
    let unmatched: Vec<&str> = after
        .value
        .unmatched
        .iter()
        .map(|u| u.product.as_str())
        .collect();
    assert_eq!(unmatched, ["Mystery suite"]);
    let states: Vec<(u32, RowState, &str)> = after
        .report
        .outcomes
        .iter()
        .map(|o| (o.row, o.state, &*o.reason))
        .collect();
    assert_eq!(
        states[1],
        (
            3,
            RowState::Skipped,
            "marked not relevant by your product mapping"
        )
    );
    assert_eq!(after.report.rows.skipped, 1);
    assert_eq!(after.report.rows.read, 3);
}

/// The user's answers for columns apply before the aliases: a header the aliases do not know
/// ("Lic count") is read as the field the user named, the refusal before the answer names the
/// header's cells so the page can offer them, and a column answered "not read" is not read.
#[test]
fn column_answers_name_the_field_a_header_holds_or_leave_it_unread() {
    use preflight_engine::mapping::ColumnAnswer;
    use preflight_import::{Options, read_entitlements};
    let csv = b"Product,Edition,Metric,Lic count,Quantity\n\
        SQL Server,Enterprise,Per core,8,99\n";
    let pack = RulePack::builtin();
    let read = |columns: Vec<ColumnAnswer>| {
        let options = Options {
            columns,
            ..Options::default()
        };
        read_entitlements("counts.csv", csv, &options, &pack.catalogue)
    };
    let answer = |header: &str, field: Option<&str>| ColumnAnswer {
        header: header.into(),
        field: field.map(String::from),
        kind: None,
    };
    // Without answers the alias reads "Quantity": 99 rights.
    let rights = |imported: Imported<preflight_engine::EntitlementSource>| {
        let line = &imported.value.entitlements[0];
        line.rights_per_pack * line.packs
    };
    assert_eq!(rights(read(Vec::new()).unwrap()), 99);
    // "Lic count" holds the quantity: it wins over the alias column, which is then not read.
    let answered = read(vec![answer(" lic COUNT", Some("Quantity"))]).unwrap();
    let mapped: Vec<(String, Option<String>)> = answered
        .report
        .mapping
        .iter()
        .map(|c| (c.column.clone(), c.field.clone()))
        .collect();
    assert_eq!(mapped[3], ("Lic count".into(), Some("Quantity".into())));
    assert_eq!(mapped[4], ("Quantity".into(), None));
    assert_eq!(rights(answered), 8);
    // "Quantity" not read and nothing else holding it: refused, naming the header's cells.
    match read(vec![answer("Quantity", None)]) {
        Err(ImportError::MissingColumns {
            missing, headers, ..
        }) => {
            assert_eq!(missing, "\"Quantity\"");
            let field = |f: &str| Some(f.to_string());
            assert_eq!(
                headers,
                [
                    ("Product".to_string(), field("Product")),
                    ("Edition".to_string(), field("Edition")),
                    ("Metric".to_string(), field("Metric")),
                    ("Lic count".to_string(), None),
                    ("Quantity".to_string(), None),
                ]
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn sku_cost_centre_agreement_channel_and_order_are_read_and_bad_values_located() {
    use preflight_engine::{Agreement, AgreementKind, Channel};
    let imported = read(
        "servicenow-agreements.csv",
        &fixture("servicenow-agreements.csv"),
    )
    .unwrap();
    let rows = &imported.report.rows;
    assert_eq!((rows.read, rows.accepted, rows.rejected), (5, 4, 1));
    let lines = &imported.value.entitlements;
    let by_row = |row: u32| lines.iter().find(|l| l.source.row == row).unwrap();

    // Row 2: ServiceNow's "Enterprise Enrollment" is an enterprise agreement; its true-up date,
    // SKU, cost centre and PO number are the line's.
    let sql = by_row(2);
    assert_eq!(sql.sku.as_deref(), Some("SQLSvrEntCore ALNG LSA MVL 2L"));
    assert_eq!(sql.cost_centre.as_deref(), Some("CC-4200"));
    assert_eq!(
        sql.agreement,
        Some(Agreement {
            name: "EA 7654321".into(),
            kind: AgreementKind::Enterprise,
            true_up: chrono::NaiveDate::from_ymd_opt(2026, 6, 30),
        })
    );
    assert_eq!(sql.channel, Some(Channel::Volume));
    assert_eq!(sql.purchase_order.as_deref(), Some("PO-1001"));
    // Row 3: an OEM line and its host.
    let oem = by_row(3);
    assert_eq!(
        (oem.channel, oem.oem_host.as_deref()),
        (Some(Channel::Oem), Some("esx-01"))
    );
    // Row 5: a true-up date without an agreement, a host on a volume line: neither is used.
    let plain = by_row(5);
    assert_eq!((&plain.agreement, &plain.oem_host), (&None, &None));
    // Row 6: an agreement type Preflight does not know is "other", with a warning.
    assert_eq!(
        by_row(6)
            .agreement
            .as_ref()
            .map(|a| (a.name.as_str(), a.kind)),
        Some(("Select 99", AgreementKind::Other))
    );

    let located: Vec<String> = imported
        .diagnostics
        .iter()
        .filter(|d| d.row.is_some())
        .map(|d| d.to_string())
        .collect();
    assert_eq!(
        located,
        [
            "servicenow-agreements.csv, row 4, column \"Channel\": \"Reseller\" is not a channel \
             (volume, OEM or retail)",
            "servicenow-agreements.csv, row 5, column \"True-up date\": a true-up date \
             (2026-06-30) without an agreement: not used",
            "servicenow-agreements.csv, row 5, column \"OEM host\": an OEM host (\"esx-02\") on a \
             line whose channel is not OEM: not used",
            "servicenow-agreements.csv, row 6, column \"Agreement type\": \"Frame agreement\" is \
             not an agreement type Preflight knows (EA, Select, Open, CSP, ULA/ELA, other): read \
             as other",
        ]
    );
}

#[test]
fn the_new_columns_round_trip_through_preflights_own_export() {
    let pack = RulePack::builtin();
    let first = read(
        "servicenow-agreements.csv",
        &fixture("servicenow-agreements.csv"),
    )
    .unwrap()
    .value;
    let bytes =
        preflight_import::export::entitlements_csv(&first.entitlements, &[], &pack.catalogue);
    let again = read("export.csv", &bytes).unwrap();
    assert_eq!(again.report.rows.accepted, first.entitlements.len());
    // The export's "File" and "Row" are columns no field reads: kept on the lines read back.
    for (line, before) in again.value.entitlements.iter().zip(&first.entitlements) {
        assert_eq!(
            line.extra,
            [
                ("File".into(), "servicenow-agreements.csv".to_string()),
                ("Row".into(), before.source.row.to_string()),
            ]
        );
    }
    // The same lines, but for where they came from.
    let strip = |lines: &[preflight_engine::Entitlement]| -> Vec<preflight_engine::Entitlement> {
        lines
            .iter()
            .map(|line| preflight_engine::Entitlement {
                source: preflight_engine::SourceRef {
                    file: "".into(),
                    row: 0,
                },
                extra: Vec::new(),
                ..line.clone()
            })
            .collect()
    };
    assert_eq!(strip(&again.value.entitlements), strip(&first.entitlements));
}

/// Issue 4: "Unmapped columns are kept and round-trip." A ServiceNow-like export with columns no
/// field reads (an asset tag, two "Notes" columns, one with a delimiter, a quote and a line end
/// in it, a column with no header, an empty cell) keeps them on its lines, matched or not; the
/// entitlements export writes them after its own columns, and reading that export back gives
/// the same cells, with the export's "File" and "Row" kept beside them.
#[test]
fn unmapped_columns_are_kept_on_the_lines_and_round_trip_through_the_export() {
    let pack = RulePack::builtin();
    let file = "Publisher,Product,Asset tag,Quantity,Metric,Notes,,Notes\r\n\
                Microsoft,SQL Server Enterprise,AT-0001,16,Core,\"PO 4711, \"\"rush\"\"\nsecond line\",x,\r\n\
                Acme,Widget Pro,AT-0002,3,Device,,,late\r\n";
    let first = read("assets.csv", file.as_bytes()).unwrap();
    assert_eq!(first.report.rows.accepted, 2, "{:?}", first.diagnostics);
    let kept = |pairs: &[(&str, &str)]| -> Vec<preflight_engine::KeptCell> {
        pairs
            .iter()
            .map(|(h, v)| ((*h).into(), v.to_string()))
            .collect()
    };
    let sql = &first.value.entitlements[0];
    assert_eq!(
        sql.extra,
        kept(&[
            ("Asset tag", "AT-0001"),
            ("Notes", "PO 4711, \"rush\"\nsecond line"),
            ("Column 7", "x"),
        ])
    );
    let widget = &first.value.unmatched[0];
    // The second "Notes" column is kept apart from the first, as "Notes (2)".
    assert_eq!(
        widget.extra,
        kept(&[("Asset tag", "AT-0002"), ("Notes (2)", "late")])
    );

    let bytes = preflight_import::export::entitlements_csv(
        &first.value.entitlements,
        &first.value.unmatched,
        &pack.catalogue,
    );
    let text = String::from_utf8(bytes.clone()).unwrap();
    let header = text.lines().next().unwrap();
    assert!(
        header.ends_with("\"File\",\"Row\",\"Asset tag\",\"Notes\",\"Column 7\",\"Notes (2)\""),
        "{header}"
    );

    let again = read("export.csv", &bytes).unwrap();
    let after = |extra: &[preflight_engine::KeptCell]| -> Vec<preflight_engine::KeptCell> {
        extra
            .iter()
            .filter(|(h, _)| &**h != "File" && &**h != "Row")
            .cloned()
            .collect()
    };
    assert_eq!(after(&again.value.entitlements[0].extra), sql.extra);
    // The line no product matched goes out with its cells under the same columns.
    assert!(
        text.trim_end().ends_with("\"AT-0002\",,,\"late\""),
        "{text}"
    );
    // The export's own "Rights" column is read back as a check, not kept.
    assert!(
        again
            .diagnostics
            .iter()
            .all(|d| d.column.as_deref() != Some("Rights"))
    );
}

/// Issue 4, units: a rights column that disagrees with the quantity times the pack size is a
/// diagnostic at its cell; the packs are what count.
#[test]
fn a_rights_column_is_checked_against_packs_times_pack_size() {
    let file = "Publisher,Product,Metric,Quantity,Rights per pack,Purchased rights\r\n\
                Microsoft,SQL Server Enterprise,Core,8,2,16\r\n\
                Microsoft,SQL Server Enterprise,Core,8,2,15\r\n";
    let imported = read("rights.csv", file.as_bytes()).unwrap();
    let rights: Vec<u64> = imported
        .value
        .entitlements
        .iter()
        .map(|line| line.rights().0)
        .collect();
    assert_eq!(rights, [16, 16]);
    let messages: Vec<String> = imported.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        messages,
        [
            "rights.csv: no licence type column: every line is taken as a perpetual licence",
            "rights.csv, row 3, column \"Purchased rights\": 15 rights where 8 pack(s) of 2 \
             make 16: the packs are counted"
        ]
    );
}

/// A file of more unread columns than `MAX_KEPT_COLUMNS` keeps the first hundred with its lines
/// and says from which column on the rest are not kept.
#[test]
fn unread_columns_beyond_the_limit_are_not_kept_and_said() {
    let names: Vec<String> = (1..=150).map(|n| format!("C{n}")).collect();
    let values: Vec<String> = (1..=150).map(|n| format!("v{n}")).collect();
    let file = format!(
        "Product,Metric,Quantity,{}\r\nSQL Server Enterprise,Core,2,{}\r\n",
        names.join(","),
        values.join(",")
    );
    let imported = read("wide.csv", file.as_bytes()).unwrap();
    let line = &imported.value.entitlements[0];
    assert_eq!(line.extra.len(), 100);
    assert_eq!(line.extra[99], ("C100".into(), "v100".to_string()));
    let messages: Vec<String> = imported.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        messages.contains(
            &"wide.csv: 150 columns are not read by any field: the first 100 are kept with the \
              lines, the rest from \"C101\" on are not kept"
                .to_string()
        ),
        "{messages:?}"
    );
}

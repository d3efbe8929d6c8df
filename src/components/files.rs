//! Imported files: an entitlement file, a price list, a licence position export or a server
//! list (spreadsheet, CSV or JSON, read in the import worker), previewed with what it gives and
//! what it could not use before it reaches the workbook; entitlement files listed and removed.

use leptos::prelude::*;
use preflight_import::{Kind, Level, Preset};

use super::read_chosen_file;
use crate::actions;
use crate::state::{AppState, ImportReport, Preview};

#[component]
pub fn EntitlementFiles() -> impl IntoView {
    let state = AppState::expect();
    let sources = move || {
        state.workbook.with(|workbook| {
            workbook
                .sources
                .iter()
                .map(|source| {
                    (
                        source.file.clone(),
                        source.entitlements.len(),
                        source.unmatched.len(),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let on_change = move |event: leptos::ev::Event| {
        read_chosen_file(&event, move |name, bytes| match bytes {
            Ok(bytes) => actions::import_file(state, name, bytes),
            Err(reason) => actions::report_unreadable(state, &name, &reason),
        });
    };
    view! {
        <div class="import">
            <label class="button">
                "Import a file: entitlements, price list, licence positions or server list (spreadsheet, CSV, text or JSON)"
                <input type="file" id="import-file" accept=".xlsx,.xls,.ods,.csv,.txt,.tsv,.json,text/csv,application/json" data-testid="import-file" on:change=on_change />
            </label>
            <a href="demo/entitlements.csv" download="preflight-entitlements-sample.csv">
                "Download the sample file"
            </a>
            <span class="templates">
                "Templates: "
                <a href="templates/preflight-entitlements.xlsx" download data-testid="template-xlsx">"entitlements (XLSX)"</a>
                " · "
                <a href="templates/preflight-entitlements.csv" download data-testid="template-csv">"entitlements (CSV)"</a>
            </span>
            <span class="hint">
                "XLSX, XLS or ODS (the first sheet with a header), delimited text (comma, semicolon, tab or pipe; UTF-8, UTF-16 or Windows-1252) or a JSON array; the kind of file is told from its header. Entitlement columns: Product, Edition, Metric, Quantity, and optionally Publisher, Licence type, Rights per pack, Unit price, Currency, Purchase date, Start date, End date, Version, Legal entity, SKU, Cost centre, Agreement, Agreement type, Channel, PO number; ServiceNow, Flexera, Snow, Snipe-IT, MLS and OpTISAM headers are recognised."
            </span>
        </div>
        <ImportReportView />
        <table class="sources">
            <thead>
                <tr>
                    <th>"File"</th>
                    <th class="num">"Lines counted"</th>
                    <th class="num">"Matching no product"</th>
                    <th><span class="visually-hidden">"Action"</span></th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    sources()
                        .into_iter()
                        .map(|(file, counted, unmatched)| {
                            let remove = file.clone();
                            view! {
                                <tr data-testid="source">
                                    <td>{file.clone()}</td>
                                    <td class="num">{counted}</td>
                                    <td class="num">{unmatched}</td>
                                    <td>
                                        <button on:click=move |_| actions::remove_source(state, &remove)>
                                            "Remove"
                                        </button>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}

#[component]
fn ImportReportView() -> impl IntoView {
    let state = AppState::expect();
    move || {
        state.import_report.get().map(|report| match report {
            ImportReport::Reading { file } => view! {
                <div class="report reading" role="status" data-testid="import-report">
                    {format!("Reading {file}… ")}
                    <button on:click=move |_| crate::importer::cancel(state)>"Cancel"</button>
                </div>
            }
            .into_any(),
            ImportReport::Failed { message } => view! {
                <div class="report failed" role="alert" data-testid="import-report">
                    <strong>"Not imported: "</strong>
                    {message}
                    " Your workbook is unchanged."
                </div>
            }
            .into_any(),
            report => read_report(report),
        })
    }
}

/// A file read: its preview, the columns it needs, or what it added. Only a reply of the
/// import worker leads here (`importer::take_reply`).
fn read_view(report: ImportReport) -> AnyView {
    let state = AppState::expect();
    match report {
        ImportReport::Preview(preview) => view! { <PreviewView preview=*preview /> }.into_any(),
        ImportReport::NeedsColumns { file, message, headers, kind } => view! {
            <div class="report preview" role="region" aria-label="Import preview" data-testid="import-report">
                <strong>{format!("{file} needs your help: ")}</strong>
                {message}
                <p class="hint">"Say which column holds each field it needs: the file is read again, and your answer is kept for the next files with this header."</p>
                <ColumnChoices columns=headers fields=kind.columns() />
                <div class="actions">
                    <button data-testid="import-cancel" on:click=move |_| actions::cancel_pending(state)>"Cancel"</button>
                </div>
            </div>
        }
        .into_any(),
        ImportReport::Added(preview) => {
            let counts = counts(&preview);
            let Preview { file, diagnostics, .. } = *preview;
            view! {
                <div class="report read" role="status" data-testid="import-report">
                    <strong>{format!("Imported {file}: ")}</strong>
                    {counts}
                    <Diagnostics diagnostics />
                </div>
            }
            .into_any()
        }
        ImportReport::Reading { .. } | ImportReport::Failed { .. } => ().into_any(),
    }
}

/// A file read, shown at once: unsplit, its views are in the page's wasm.
#[cfg(not(feature = "split"))]
fn read_report(report: ImportReport) -> AnyView {
    read_view(report)
}

/// A file read, in the split build: its views are in the import's module (`import`), which the
/// reply that led here has loaded already, so the view is shown in the same task.
#[cfg(feature = "split")]
fn read_report(report: ImportReport) -> AnyView {
    let view = send_wrapper::SendWrapper::new(async move {
        match report_in_module(report).await {
            Ok(view) => view,
            Err(error) => view! {
                <div class="report failed" role="alert" data-testid="import-report">
                    {format!("The import's preview could not be loaded ({error}): reload the page to try again.")}
                </div>
            }
            .into_any(),
        }
    });
    view! { <Suspense fallback=|| ()>{Suspend::new(view)}</Suspense> }.into_any()
}

/// The split point of the import preview's views: in the module of the import's reply.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(import, wasm_split_path = ::leptos::wasm_split, fallible)]
fn report_in_module(report: ImportReport) -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
    Ok(read_view(report))
}

#[component]
fn Diagnostics(diagnostics: Vec<preflight_import::Diagnostic>) -> impl IntoView {
    view! {
        <ul class="diagnostics">
            {diagnostics
                .into_iter()
                .map(|d| {
                    let class = if d.level == Level::Error { "error" } else { "warning" };
                    view! { <li class=class>{d.to_string()}</li> }
                })
                .collect_view()}
        </ul>
    }
}

/// The rows read by state, and what the workbook gains, in the words of the file's kind.
fn counts(preview: &Preview) -> String {
    let rows = preview.rows;
    let (imported, unmatched) = (preview.imported, preview.unmatched);
    let gains = match preview.kind {
        Kind::Entitlements => {
            format!("{imported} line(s) counted, {unmatched} matching no product.")
        }
        Kind::Prices => format!("{imported} price(s) to buy at, {unmatched} matching no product."),
        Kind::Positions => format!(
            "{imported} product(s) in use for the baseline, {unmatched} matching no product."
        ),
        Kind::Inventory => format!(
            "{imported} host(s), cluster(s) and VM(s), added as a scenario of their own or as the existing estate."
        ),
    };
    format!(
        "{} row(s) read: {} accepted, {} incomplete, {} rejected, {} skipped; {gains}",
        rows.read, rows.accepted, rows.incomplete, rows.rejected, rows.skipped
    )
}

/// What a kind of file is, for people.
fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Entitlements => "entitlements",
        Kind::Prices => "a price list",
        Kind::Positions => "licence positions",
        Kind::Inventory => "a server list",
    }
}

/// A product text of a file as the preview shows it: "Acme Resale · SQL-Svr Ent · Core 2pk".
fn product_text(m: &preflight_engine::mapping::ProductMapping) -> String {
    [m.publisher.as_str(), m.product.as_str(), m.edition.as_str()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Each column of the header and the field it is read as, which the user may change: the file is
/// read again with the answer.
#[component]
fn ColumnChoices(
    columns: Vec<(String, Option<String>)>,
    fields: Vec<&'static str>,
) -> impl IntoView {
    let state = AppState::expect();
    let rows = columns
        .into_iter()
        .enumerate()
        .map(|(index, (column, field))| {
            let current = field.clone().unwrap_or_default();
            let options = fields
                .iter()
                .map(|name| {
                    let selected = *name == current;
                    view! { <option value=*name selected=selected>{*name}</option> }
                })
                .collect_view();
            let header = column.clone();
            view! {
                <tr data-testid="import-column">
                    <td>{column.clone()}</td>
                    <td>
                        <select
                            id=format!("import-column-{index}")
                            aria-label=format!("Column {column} holds")
                            on:change=move |event| {
                                let choice = event_target_value(&event);
                                let field = (!choice.is_empty()).then_some(choice);
                                actions::answer_column(state, header.clone(), field);
                            }
                        >
                            <option value="" selected=field.is_none()>"not read (kept in the file)"</option>
                            {options}
                        </select>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="columns">
            <thead><tr><th>"Column"</th><th>"Read as"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The file as read, before it reaches the workbook: the counts, what it was read as (kind,
/// layout, sheet, each changeable), how its columns were read, the product texts that matched
/// nothing (each answered here: a product, or not relevant, and the file is read again), lines
/// that look like another file's, what an earlier import of the same name had, and accept or
/// cancel. A choice that could not be read leaves this preview with the reason above it.
#[component]
fn PreviewView(preview: Preview) -> impl IntoView {
    let state = AppState::expect();
    let counts = counts(&preview);
    let Preview {
        file,
        kind,
        preset,
        imported,
        unmatched,
        diagnostics,
        columns,
        sheet,
        sheets,
        unmatched_texts,
        replaces,
        changes,
        duplicates,
        choices,
        detected,
        problem,
        ..
    } = preview;
    let answers = choices.answers.clone();
    let products = state.rule_pack.with(|pack| {
        let mut products: Vec<(String, String)> = pack
            .catalogue
            .products()
            .iter()
            .map(|p| (p.id.to_string(), p.display_name()))
            .collect();
        preflight_engine::order::sort_by(&mut products, |a, b| a.1.cmp(&b.1));
        products
    });
    let problem = problem.map(|message| {
        view! {
            <p class="problem" role="alert" data-testid="import-problem">
                {format!("Not read that way: {message} The preview below is as before.")}
            </p>
        }
    });
    let kind_choice = {
        let automatic = format!("automatic (detected: {})", kind_name(detected.0));
        let options = Kind::ALL
            .into_iter()
            .map(|k| {
                let selected = choices.kind == Some(k);
                view! { <option value=k.to_string() selected=selected>{kind_name(k)}</option> }
            })
            .collect_view();
        view! {
            <label class="pick">
                "Read as "
                <select data-testid="import-kind" on:change=move |event| {
                    actions::choose_kind(state, event_target_value(&event).parse().ok())
                }>
                    <option value="" selected=choices.kind.is_none()>{automatic}</option>
                    {options}
                </select>
            </label>
        }
    };
    let preset_choice = (kind == Kind::Entitlements).then(|| {
        let found = detected
            .1
            .map_or("generic columns".to_string(), |p| p.to_string());
        let automatic = format!("automatic (detected: {found})");
        let options = Preset::ALL
            .into_iter()
            .map(|p| {
                let selected = choices.preset == Some(p);
                view! { <option value=p.to_string() selected=selected>{p.to_string()}</option> }
            })
            .collect_view();
        view! {
            <label class="pick">
                " Layout "
                <select data-testid="import-preset" on:change=move |event| {
                    actions::choose_preset(state, event_target_value(&event).parse::<Preset>().ok())
                }>
                    <option value="" selected=choices.preset.is_none()>{automatic}</option>
                    {options}
                </select>
            </label>
        }
    });
    let read_as = preset.map(|p| format!(" (read as the {p} layout)"));
    let sheet_choice = (sheets.len() > 1).then(|| {
        let current = sheet.clone().unwrap_or_default();
        view! {
            <label class="pick">
                " Sheet "
                <select data-testid="import-sheet" on:change=move |event| actions::choose_sheet(state, event_target_value(&event))>
                    {sheets
                        .into_iter()
                        .map(|name| {
                            let selected = name == current;
                            view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
        }
    });
    let columns: Vec<(String, Option<String>)> =
        columns.into_iter().map(|c| (c.column, c.field)).collect();
    let texts = (!unmatched_texts.is_empty()).then(|| {
        let rows = unmatched_texts
            .into_iter()
            .enumerate()
            .map(|(index, (text, count))| {
                let shown = product_text(&text);
                let label = format!("What {shown} is");
                let options = products
                    .iter()
                    .map(|(id, name)| view! { <option value=id.clone()>{name.clone()}</option> })
                    .collect_view();
                view! {
                    <tr data-testid="unmatched-text">
                        <td>{shown}</td>
                        <td class="num">{count}</td>
                        <td>
                            <select
                                id=format!("unmatched-{index}")
                                aria-label=label
                                on:change=move |event| {
                                    let choice = event_target_value(&event);
                                    let to = match choice.as_str() {
                                        "" => return,
                                        "-" => None,
                                        id => Some(preflight_engine::ProductId(id.to_string())),
                                    };
                                    actions::answer_unmatched(state, preflight_engine::mapping::ProductMapping { to, ..text.clone() });
                                }
                            >
                                <option value="" selected=true>"Leave unmatched (not counted)"</option>
                                <option value="-">"Not relevant"</option>
                                {options}
                            </select>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <h3>"Products this file names that the catalogue does not know"</h3>
            <p class="hint">"Say what each is: the file is read again, and your answer is kept for the next files. An unmatched line is never counted."</p>
            <table class="unmatched-texts">
                <thead><tr><th>"Text in the file"</th><th class="num">"Rows"</th><th>"What it is"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    });
    let answers = (!answers.is_empty()).then(|| {
        let items = answers
            .into_iter()
            .map(|a| {
                let to = a.to.as_ref().map_or_else(
                    || "not relevant".to_string(),
                    |id| state.rule_pack.with(|pack| super::product_name(pack, id)),
                );
                let text = product_text(&a);
                view! { <li>{format!("{text} \u{2192} {to}")}</li> }
            })
            .collect_view();
        view! { <p>"Your answers in this preview:"</p><ul data-testid="import-answers">{items}</ul> }
    });
    let duplicates = (!duplicates.is_empty()).then(|| {
        let count = duplicates.len();
        let items = duplicates
            .iter()
            .take(3)
            .map(|d| {
                let name = state.rule_pack.with(|pack| super::product_name(pack, &d.product));
                view! {
                    <li>{format!(
                        "{} row {} looks like {} row {}: {name}, {} rights",
                        d.second.file, d.second.row, d.first.file, d.first.row, d.rights
                    )}</li>
                }
            })
            .collect_view();
        let more = (count > 3).then(|| view! { <li>{format!("and {} more", count - 3)}</li> });
        view! {
            <div class="duplicates" data-testid="import-duplicates">
                <p>{format!(
                    "{count} line(s) look like lines already in your workbook from another file (same product, quantity, dates, and SKU or order where both give one). Both would be counted:"
                )}</p>
                <ul>{items}{more}</ul>
            </div>
        }
    });
    let replaces = replaces.map(|(lines, unmatched_before)| {
        let changes = changes.map(|c| {
            let summary = if c.added == 0 && c.removed == 0 {
                format!("Every one of the {} line(s) is as before.", c.unchanged)
            } else {
                format!(
                    "{} line(s) as before, {} added, {} removed (a line is the same wherever its row is).",
                    c.unchanged, c.added, c.removed
                )
            };
            let items = c
                .rights
                .into_iter()
                .chain(c.examples)
                .map(|text| view! { <li>{text}</li> })
                .collect_view();
            view! {
                <p data-testid="import-changes">{summary}</p>
                <ul data-testid="import-change-list">{items}</ul>
            }
        });
        view! {
            <div data-testid="import-replaces">
                <p>
                    {format!(
                        "Replaces the earlier import of {file}: {lines} line(s) counted and {unmatched_before} matching no product now; {imported} and {unmatched} after."
                    )}
                </p>
                {changes}
            </div>
        }
    });
    view! {
        <div class="report preview" role="region" aria-label="Import preview" data-testid="import-report">
            {problem}
            <strong>{format!("Preview of {file}: ")}</strong>
            {counts}
            " Nothing is in your workbook until you add it."
            <div class="read-as">{kind_choice}{preset_choice}{read_as}{sheet_choice}</div>
            {replaces}
            {duplicates}
            <details>
                <summary>"How the columns were read"</summary>
                <ColumnChoices columns fields=kind.columns() />
            </details>
            {answers}
            {texts}
            <Diagnostics diagnostics />
            <div class="actions">
                <button class="button" data-testid="import-accept" on:click=move |_| actions::add_pending(state)>
                    {if kind == Kind::Inventory { "Add as a scenario" } else { "Add to workbook" }}
                </button>
                {(kind == Kind::Inventory).then(|| view! { <EstateChoice /> })}
                <button data-testid="import-cancel" on:click=move |_| actions::cancel_pending(state)>"Cancel"</button>
            </div>
        </div>
    }
}

/// A server list's second way in: as the existing estate, replacing today's as a whole. What it
/// replaces is said beside the button, before it is pressed.
#[component]
fn EstateChoice() -> impl IntoView {
    let state = AppState::expect();
    let replaces = move || {
        state.workbook.with(|w| {
            let existing = &w.existing;
            match existing.hosts.is_empty() && existing.vms.is_empty() {
                true => "The workbook has no existing estate yet.".to_string(),
                false => format!(
                    "Replaces the existing estate as a whole ({} host(s), {} VM(s)); the scenarios' changes to it stay.",
                    existing.hosts.len(),
                    existing.vms.len()
                ),
            }
        })
    };
    view! {
        <button data-testid="import-as-estate" on:click=move |_| actions::add_pending_as_estate(state)>
            "Add as the existing estate"
        </button>
        <span class="hint" data-testid="import-estate-note">{replaces}</span>
    }
}

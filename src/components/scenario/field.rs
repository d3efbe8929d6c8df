//! Inputs validated as typed. A field of the deployment commits valid text at once; invalid text
//! stays in the field with the message beside it (`aria-describedby`) and changes nothing. A
//! form's input holds its text and shows what is wrong with it until the form is sent.

use leptos::prelude::*;

/// Text typed into a field that was refused, with the value it was typed over and why.
#[derive(Clone, Debug, PartialEq)]
struct Draft {
    text: String,
    over: String,
    message: String,
}

/// An input bound to one value of the deployment. `commit` edits the deployment or says why
/// not. A refused draft is shown only while the value it was typed over is still the value (an
/// undo or another row taking this place drops it), so no effect is needed to reset it.
#[component]
pub fn Field(
    /// Unique in the page; the message is `{id}-error`.
    id: String,
    /// The accessible name (the column header says it visibly), e.g. "Sockets of esx-1".
    #[prop(into)]
    label: Signal<String>,
    value: Signal<String>,
    commit: Callback<String, Result<(), String>>,
    #[prop(optional)] class: &'static str,
    /// `date`, or text by default.
    #[prop(optional)]
    kind: Option<&'static str>,
    /// `numeric` for whole numbers: a phone shows digits, the text is still checked here.
    #[prop(optional)]
    inputmode: Option<&'static str>,
) -> impl IntoView {
    let draft = RwSignal::new(None::<Draft>);
    let pending = move || {
        draft
            .get()
            .filter(|draft| value.with(|value| *value == draft.over))
    };
    let shown = move || pending().map_or_else(|| value.get(), |draft| draft.text);
    let message = move || pending().map(|draft| draft.message);
    let error_id = format!("{id}-error");
    let on_input = move |event: leptos::ev::Event| {
        let text = event_target_value(&event);
        match commit.run(text.clone()) {
            Ok(()) => draft.set(None),
            Err(message) => draft.set(Some(Draft {
                text,
                over: value.get_untracked(),
                message,
            })),
        }
    };
    view! {
        <span class=format!("field {class}")>
            <input
                id=id
                type=kind.unwrap_or("text")
                inputmode=inputmode
                aria-label=label
                aria-describedby=error_id.clone()
                aria-invalid=move || message().is_some().then_some("true")
                prop:value=shown
                on:input=on_input
            />
            <span id=error_id class="field-error">{message}</span>
        </span>
    }
}

/// A labelled input of a form: its text, and the message `check` gives for it, shown as typed.
#[component]
pub fn FormInput(
    id: &'static str,
    label: &'static str,
    text: RwSignal<String>,
    check: fn(&str) -> Result<(), String>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let message = move || text.with(|text| check(text).err());
    let error_id = format!("{id}-error");
    view! {
        <label class=format!("form-input {class}") for=id>
            <span class="label">{label}</span>
            <input
                id=id
                type="text"
                inputmode=inputmode
                aria-describedby=error_id.clone()
                aria-invalid=move || message().is_some().then_some("true")
                prop:value=move || text.get()
                on:input=move |event| text.set(event_target_value(&event))
            />
            <span id=error_id class="field-error">{message}</span>
        </label>
    }
}

/// A select of one value: `options` are (value, label) pairs; choosing one calls `choose`,
/// whose refusal shows beside it.
#[component]
pub fn Choice(
    id: String,
    #[prop(into)] label: Signal<String>,
    value: Signal<String>,
    options: Signal<Vec<(String, String)>>,
    choose: Callback<String, Result<(), String>>,
) -> impl IntoView {
    let message = RwSignal::new(None::<String>);
    let error_id = format!("{id}-error");
    view! {
        <span class="field">
            <select
                id=id
                aria-label=label
                aria-describedby=error_id.clone()
                on:change=move |event| message.set(choose.run(event_target_value(&event)).err())
            >
                {move || {
                    let current = value.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(option, text)| {
                            let selected = option == current;
                            view! { <option value=option selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <span id=error_id class="field-error">{move || message.get()}</span>
        </span>
    }
}

/// A button of the editor. One component for every such button, with its label and state as
/// type-erased signals and its action a `Callback`, so the wasm holds one copy of the code that
/// renders and wires a button rather than one per call site.
#[component]
pub fn Button(
    text: &'static str,
    /// The accessible name when the text alone is ambiguous (e.g. "Delete web-3").
    #[prop(optional)]
    label: Option<Signal<String>>,
    #[prop(optional)] disabled: Signal<bool>,
    on_click: Callback<()>,
) -> impl IntoView {
    view! {
        <button type="button" aria-label=label disabled=disabled on:click=move |_| on_click.run(())>
            {text}
        </button>
    }
}

/// The last cell of an editor row of hosts, VMs or instances: duplicate it or delete it, each
/// button named with the row's name for a screen reader ("Duplicate web-3").
#[component]
pub fn RowActions(
    name: Signal<String>,
    duplicate: Callback<()>,
    remove: Callback<()>,
) -> impl IntoView {
    let labelled =
        move |verb: &'static str| Signal::derive(move || format!("{verb} {}", name.get()));
    view! {
        <td class="actions">
            <Button text="Duplicate" label=labelled("Duplicate") on_click=duplicate />
            <Button text="Delete" label=labelled("Delete") on_click=remove />
        </td>
    }
}

/// Rows by position: row `index` reads its thing from the workbook, so a rename keeps the row
/// (and the focus in it). One `For` for every table of the editor.
pub fn indexed_rows(count: Signal<usize>, row: fn(usize) -> AnyView) -> impl IntoView {
    view! { <For each=move || 0..count.get() key=|index| *index children=move |index| row(index) /> }
}

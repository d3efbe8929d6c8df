//! Clusters and their host groups (affinity rules): names and the hosts each holds.

use leptos::prelude::*;
use preflight_engine::Deployment;
use preflight_engine::edit::{self, Target};

use super::field::{Button, Field, indexed_rows};
use super::{commit, joined, value};
use crate::actions;
use crate::state::AppState;

#[component]
pub fn ClusterList() -> impl IntoView {
    let state = AppState::expect();
    let count = move || {
        state
            .workbook
            .with(|w| w.scenario().deployment.clusters.len())
    };
    let add = Callback::new(move |()| {
        let _ = actions::edit(state, None, |d| Ok(edit::add_cluster(d)));
    });
    view! {
        <Show when=move || count() != 0 fallback=|| view! { <p class="empty">"No clusters yet: add hosts into a cluster above, or add one here."</p> }>
            <table class="editor clusters" data-testid="clusters">
                <thead>
                    <tr>
                        <th>"Cluster / host group"</th>
                        <th>"Hosts (comma-separated)"</th>
                        <th><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                {indexed_rows(Memo::new(move |_| count()).into(), |index| view! { <ClusterRows index /> }.into_any())}
            </table>
        </Show>
        <div class="add-one"><Button text="Add cluster" on_click=add /></div>
    }
}

#[component]
fn ClusterRows(index: usize) -> impl IntoView {
    let state = AppState::expect();
    let cluster_at = move |d: &Deployment| {
        d.clusters
            .get(index)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    let name = value(state, cluster_at);
    let groups: Signal<usize> = Memo::new(move |_| {
        state.workbook.with(|w| {
            w.scenario()
                .deployment
                .clusters
                .get(index)
                .map_or(0, |c| c.host_groups.len())
        })
    })
    .into();
    let add_group = Callback::new(move |()| {
        let _ = actions::edit(state, None, |d| {
            edit::add_host_group(d, &name.get_untracked())
        });
    });
    let remove = Callback::new(move |()| {
        let _ = actions::edit(state, None, |d| {
            edit::delete(d, &[Target::Cluster(name.get_untracked())])
        });
    });
    let labelled =
        move |text: &'static str| Signal::derive(move || format!("{text} {}", name.get()));
    // The host group rows need their cluster's position, which `indexed_rows` cannot carry.
    provide_context(ClusterAt(index));
    view! {
        <tbody>
            <tr class="cluster">
                <td>
                    <Field id=format!("cluster-{index}-name") label="Cluster name".to_string()
                        value=name
                        commit=commit(state, format!("cluster.{index}.name"), move |d, text| {
                            let cluster = cluster_at(d);
                            edit::rename(d, &Target::Cluster(cluster), text)
                        }) />
                </td>
                <td>
                    <Field id=format!("cluster-{index}-hosts") label=labelled("Hosts of cluster") class="wide"
                        value=value(state, move |d| d.clusters.get(index).map(|c| joined(&c.hosts)).unwrap_or_default())
                        commit=commit(state, format!("cluster.{index}.hosts"), move |d, text| {
                            let cluster = cluster_at(d);
                            edit::set_cluster_hosts(d, &cluster, edit::parse_list(text))
                        }) />
                </td>
                <td class="actions">
                    <Button text="Add host group" label=labelled("Add a host group to") on_click=add_group />
                    <Button text="Delete" label=labelled("Delete cluster") on_click=remove />
                </td>
            </tr>
            {indexed_rows(groups, |group| view! { <GroupRow group /> }.into_any())}
        </tbody>
    }
}

#[derive(Clone, Copy)]
struct ClusterAt(usize);

#[component]
fn GroupRow(group: usize) -> impl IntoView {
    let state = AppState::expect();
    let ClusterAt(cluster) = expect_context::<ClusterAt>();
    let names = move |d: &Deployment| {
        d.clusters
            .get(cluster)
            .and_then(|c| Some((c.name.clone(), c.host_groups.get(group)?.name.clone())))
    };
    let target =
        move |d: &Deployment| names(d).map(|(cluster, group)| Target::HostGroup { cluster, group });
    let name = value(state, move |d| names(d).map(|(_, g)| g).unwrap_or_default());
    let remove = Callback::new(move |()| {
        if let Some(target) = state
            .workbook
            .with_untracked(|w| target(&w.scenario().deployment))
        {
            let _ = actions::edit(state, None, |d| edit::delete(d, &[target]));
        }
    });
    let labelled =
        move |text: &'static str| Signal::derive(move || format!("{text} {}", name.get()));
    let missing = || edit::EditError::Unknown {
        kind: edit::Kind::HostGroup,
        name: String::new(),
    };
    view! {
        <tr class="host-group">
            <td>
                <Field id=format!("cluster-{cluster}-group-{group}-name") label="Host group name".to_string()
                    value=name
                    commit=commit(state, format!("group.{cluster}.{group}.name"), move |d, text| {
                        let target = target(d).ok_or_else(missing)?;
                        edit::rename(d, &target, text)
                    }) />
            </td>
            <td>
                <Field id=format!("cluster-{cluster}-group-{group}-hosts") label=labelled("Hosts of host group") class="wide"
                    value=value(state, move |d| d.clusters.get(cluster).and_then(|c| c.host_groups.get(group)).map(|g| joined(&g.hosts)).unwrap_or_default())
                    commit=commit(state, format!("group.{cluster}.{group}.hosts"), move |d, text| {
                        let (cluster, group) = names(d).ok_or_else(missing)?;
                        edit::set_host_group_hosts(d, &cluster, &group, edit::parse_list(text))
                    }) />
            </td>
            <td class="actions">
                <Button text="Delete" label=labelled("Delete host group") on_click=remove />
            </td>
        </tr>
    }
}

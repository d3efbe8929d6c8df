//! The proposed deployment: hosts, their cores, and the products placed on them.

use leptos::prelude::*;

use super::product_name;
use crate::format;
use crate::state::AppState;

#[component]
pub fn DeploymentTable() -> impl IntoView {
    let state = AppState::expect();
    let name = move || {
        state.workbook.with(|w| match w.deployment.start {
            Some(start) => format!("{} — goes live {start}", w.deployment.name),
            None => w.deployment.name.clone(),
        })
    };
    let rows = move || {
        state.workbook.with(|workbook| {
            let deployment = &workbook.deployment;
            deployment
                .hosts
                .iter()
                .map(|host| {
                    let products = state.rule_pack.with_value(|pack| {
                        deployment
                            .placements
                            .iter()
                            .filter(|placement| placement.hosts.contains(&host.name))
                            .map(|placement| product_name(pack, &placement.product))
                            .collect::<Vec<_>>()
                            .join(", ")
                    });
                    (host.clone(), products)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <p class="deployment-name">{name}</p>
        <table class="hosts">
            <thead>
                <tr>
                    <th>"Host"</th>
                    <th class="num">"Sockets"</th>
                    <th class="num">"Cores per socket"</th>
                    <th class="num">"Physical cores"</th>
                    <th>"Licensed on all physical cores"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    rows()
                        .into_iter()
                        .map(|(host, products)| {
                            view! {
                                <tr>
                                    <td>{host.name.clone()}</td>
                                    <td class="num">{host.sockets.get()}</td>
                                    <td class="num">{host.cores_per_socket.get()}</td>
                                    <td class="num">{format::count(host.physical_cores())}</td>
                                    <td>{products}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}

//! Cloud instances and user groups in the scenario editor: instances added in bulk from a name
//! pattern, user groups one at a time; renames carry the placements' references along, deletes
//! clean them up, and products are placed on them (a product licensed by users or devices only
//! on user groups). Same contract as the rest of `edit`: on `Err` nothing has changed.

use std::num::NonZeroU32;

use super::{EditError, Kind, check_all, check_count, has_targets, names, parse_name};
use crate::catalogue::{Catalogue, ProductId};
use crate::estate::{
    Basis, CloudInstance, CloudProvider, Deployment, Environment, Role, UserGroup,
};
use crate::metric::Metric;

/// The most users, devices or concurrent users one group holds: a sanity bound against typing
/// slips (a whole country's population), not a vendor figure.
pub const MAX_PEOPLE: u32 = 10_000_000;

/// The most units a placement's quantity gives (custom capacity metrics).
pub const MAX_QUANTITY: u32 = 1_000_000_000;

/// Cloud instances of one shape, added at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddInstances {
    pub count: NonZeroU32,
    /// e.g. `aws-web-{n}`; see [`names::numbered`].
    pub pattern: String,
    pub provider: CloudProvider,
    pub vcpus: NonZeroU32,
    pub hyperthreading: bool,
    pub dedicated_host: bool,
    pub environment: Environment,
    /// A catalogue product the new instances run, placed with them in the same edit.
    pub product: Option<ProductId>,
}

/// One field of a cloud instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InstanceChange {
    Provider(CloudProvider),
    Vcpus(NonZeroU32),
    Hyperthreading(bool),
    DedicatedHost(bool),
    Environment(Environment),
    Role(Role),
}

/// A user group to add: its name and how many users and devices it has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddUserGroup {
    pub name: String,
    pub users: u32,
    pub devices: u32,
    /// A catalogue product licensed by users or devices that the group uses.
    pub product: Option<ProductId>,
}

/// One field of a user group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserGroupChange {
    Users(u32),
    Devices(u32),
    /// Peak concurrent users; `None`: not known.
    Concurrent(Option<u32>),
    External(bool),
    VisualStudio(bool),
}

/// Who a product's licences count: people or their devices (CALs, named users, NUP), or the
/// machines it runs on (cores, processors, servers).
pub fn licensed_by_people(metric: Metric) -> bool {
    matches!(
        metric,
        Metric::User | Metric::Device | Metric::NamedUserPlus | Metric::ConcurrentUser
    )
}

/// Which of the placement table's target columns a deployment needs: a kind of target once the
/// deployment has one (or a placement still names one), the quantity once a placed product is
/// counted in a custom capacity unit or a placement gives one. The table stays narrow enough
/// for a laptop while most scenarios use two or three kinds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlacementColumns {
    pub hosts: bool,
    pub clusters: bool,
    pub vms: bool,
    pub instances: bool,
    pub user_groups: bool,
    pub quantity: bool,
}

pub fn placement_columns(deployment: &Deployment, catalogue: &Catalogue) -> PlacementColumns {
    let placed = |list: fn(&crate::estate::Placement) -> &Vec<String>| {
        deployment.placements.iter().any(|p| !list(p).is_empty())
    };
    PlacementColumns {
        hosts: !deployment.hosts.is_empty() || placed(|p| &p.hosts),
        clusters: !deployment.clusters.is_empty() || placed(|p| &p.clusters),
        vms: !deployment.vms.is_empty() || placed(|p| &p.vms),
        instances: !deployment.cloud_instances.is_empty() || placed(|p| &p.instances),
        user_groups: !deployment.user_groups.is_empty() || placed(|p| &p.user_groups),
        quantity: deployment.placements.iter().any(|p| {
            p.quantity.is_some()
                || catalogue
                    .get(&p.product)
                    .is_some_and(|product| product.metric == Metric::Capacity)
        }),
    }
}

/// Whether a product of this metric can be placed on user groups (`people`) or on machines. Oracle
/// Named User Plus fits both: its minimum is counted from the processors it runs on.
pub fn fits(metric: Metric, people: bool) -> bool {
    match people {
        true => licensed_by_people(metric),
        false => !licensed_by_people(metric) || metric == Metric::NamedUserPlus,
    }
}

/// The catalogue's products that fit a user group (`people`) or a cloud instance, as (id, name)
/// pairs in catalogue order.
pub fn products_for(catalogue: &Catalogue, people: bool) -> Vec<(ProductId, String)> {
    catalogue
        .products()
        .iter()
        .filter(|p| fits(p.metric, people))
        .map(|p| (p.id.clone(), p.display_name()))
        .collect()
}

/// A count of people or devices: a whole number from 0 to [`MAX_PEOPLE`].
pub fn parse_people(what: &'static str, text: &str) -> Result<u32, EditError> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n <= MAX_PEOPLE)
        .ok_or(EditError::NotACount {
            what,
            max: MAX_PEOPLE,
        })
}

/// An optional count: empty text is "not known".
pub fn parse_optional_people(what: &'static str, text: &str) -> Result<Option<u32>, EditError> {
    match text.trim().is_empty() {
        true => Ok(None),
        false => parse_people(what, text).map(Some),
    }
}

/// A placement's quantity in the product's own unit: empty, or a whole number from 1.
pub fn parse_quantity(text: &str) -> Result<Option<u32>, EditError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_QUANTITY).contains(n))
        .map(Some)
        .ok_or(EditError::NotInRange {
            what: "quantity",
            max: MAX_QUANTITY,
        })
}

/// A cloud provider by its form value (the serde name: `aws`, `azure`..).
pub fn parse_provider(text: &str) -> Result<CloudProvider, EditError> {
    PROVIDERS
        .iter()
        .find(|(_, value, _)| *value == text.trim())
        .map(|(provider, _, _)| *provider)
        .ok_or_else(|| EditError::UnknownProvider(text.trim().to_string()))
}

/// Every provider with its form value and the name people use.
pub const PROVIDERS: [(CloudProvider, &str, &str); 5] = [
    (CloudProvider::Aws, "aws", "AWS"),
    (CloudProvider::Azure, "azure", "Azure"),
    (CloudProvider::Google, "google", "Google Cloud"),
    (CloudProvider::Alibaba, "alibaba", "Alibaba Cloud"),
    (CloudProvider::Other, "other", "Other"),
];

pub fn provider_value(provider: CloudProvider) -> &'static str {
    PROVIDERS
        .iter()
        .find(|(p, _, _)| *p == provider)
        .map_or("other", |(_, value, _)| value)
}

/// "AWS", "Google Cloud": the provider as the editor names it.
pub fn provider_label(provider: CloudProvider) -> &'static str {
    PROVIDERS
        .iter()
        .find(|(p, _, _)| *p == provider)
        .map_or("Other", |(_, _, label)| label)
}

fn instance_index(deployment: &Deployment, name: &str) -> Result<usize, EditError> {
    deployment
        .cloud_instances
        .iter()
        .position(|instance| instance.name == name)
        .ok_or_else(|| super::unknown(Kind::Instance, name))
}

fn group_index(deployment: &Deployment, name: &str) -> Result<usize, EditError> {
    deployment
        .user_groups
        .iter()
        .position(|group| group.name == name)
        .ok_or_else(|| super::unknown(Kind::UserGroup, name))
}

/// Adds `spec.count` instances named from the pattern (and the product on them); returns their
/// names.
pub fn add_instances(
    deployment: &mut Deployment,
    catalogue: &Catalogue,
    spec: &AddInstances,
) -> Result<Vec<String>, EditError> {
    check_count(spec.count)?;
    if let Some(product) = &spec.product {
        check_fits(catalogue, product, false)?;
    }
    let names = names::numbered(Kind::Instance, &spec.pattern, spec.count.get(), &|name| {
        instance_index(deployment, name).is_ok()
    })?;
    deployment
        .cloud_instances
        .extend(names.iter().map(|name| CloudInstance {
            name: name.clone(),
            provider: spec.provider,
            vcpus: spec.vcpus,
            hyperthreading: spec.hyperthreading,
            dedicated_host: spec.dedicated_host,
            environment: spec.environment,
            role: Role::Primary,
        }));
    if let Some(product) = &spec.product {
        place(deployment, catalogue, product, &names, Target::Instances)?;
    }
    Ok(names)
}

pub fn change_instance(
    deployment: &mut Deployment,
    instance: &str,
    change: InstanceChange,
) -> Result<(), EditError> {
    let index = instance_index(deployment, instance)?;
    let instance = &mut deployment.cloud_instances[index];
    match change {
        InstanceChange::Provider(provider) => instance.provider = provider,
        InstanceChange::Vcpus(vcpus) => instance.vcpus = vcpus,
        InstanceChange::Hyperthreading(on) => instance.hyperthreading = on,
        InstanceChange::DedicatedHost(on) => instance.dedicated_host = on,
        InstanceChange::Environment(environment) => instance.environment = environment,
        InstanceChange::Role(role) => instance.role = role,
    }
    Ok(())
}

/// Renames an instance and every placement's reference to it.
pub fn rename_instance(deployment: &mut Deployment, old: &str, to: &str) -> Result<(), EditError> {
    let to = parse_name(to)?;
    let index = instance_index(deployment, old)?;
    if to != old && instance_index(deployment, &to).is_ok() {
        return Err(EditError::Taken {
            kind: Kind::Instance,
            name: to,
        });
    }
    deployment.cloud_instances[index].name = to.clone();
    for placement in &mut deployment.placements {
        super::replace_name(&mut placement.instances, old, &to);
    }
    Ok(())
}

/// Adds a copy of an instance after it, running the same products; returns the copy's name.
pub fn duplicate_instance(
    deployment: &mut Deployment,
    instance: &str,
) -> Result<String, EditError> {
    let index = instance_index(deployment, instance)?;
    let name = names::next_free(instance, &|name| instance_index(deployment, name).is_ok());
    let mut copy = deployment.cloud_instances[index].clone();
    copy.name = name.clone();
    deployment.cloud_instances.insert(index + 1, copy);
    for placement in &mut deployment.placements {
        if placement.instances.iter().any(|n| n == instance) {
            placement.instances.push(name.clone());
        }
    }
    Ok(name)
}

/// Deletes the named instances and every reference to them; a placement left with nothing to
/// run on goes too.
pub fn delete_instances(deployment: &mut Deployment, names: &[String]) -> Result<(), EditError> {
    check_all(Kind::Instance, names, |name| {
        instance_index(deployment, name).is_ok()
    })?;
    retain_placements(deployment, |placement| {
        placement.instances.retain(|name| !names.contains(name))
    });
    deployment
        .cloud_instances
        .retain(|instance| !names.contains(&instance.name));
    Ok(())
}

/// Adds a user group (and the product it uses); returns its name.
pub fn add_user_group(
    deployment: &mut Deployment,
    catalogue: &Catalogue,
    spec: &AddUserGroup,
) -> Result<String, EditError> {
    let name = parse_name(&spec.name)?;
    if group_index(deployment, &name).is_ok() {
        return Err(EditError::Taken {
            kind: Kind::UserGroup,
            name,
        });
    }
    for (what, n) in [("users", spec.users), ("devices", spec.devices)] {
        if n > MAX_PEOPLE {
            return Err(EditError::NotACount {
                what,
                max: MAX_PEOPLE,
            });
        }
    }
    if let Some(product) = &spec.product {
        check_fits(catalogue, product, true)?;
    }
    deployment.user_groups.push(UserGroup {
        name: name.clone(),
        users: spec.users,
        devices: spec.devices,
        concurrent: None,
        external: false,
        visual_studio: false,
    });
    if let Some(product) = &spec.product {
        place(
            deployment,
            catalogue,
            product,
            std::slice::from_ref(&name),
            Target::UserGroups,
        )?;
    }
    Ok(name)
}

/// The next free `users-{n}` name, for the add form's first suggestion.
pub fn next_group_name(deployment: &Deployment) -> String {
    super::next_numbered(Kind::UserGroup, "users-{n}", &|name| {
        group_index(deployment, name).is_ok()
    })
}

pub fn change_user_group(
    deployment: &mut Deployment,
    group: &str,
    change: UserGroupChange,
) -> Result<(), EditError> {
    let index = group_index(deployment, group)?;
    let group = &mut deployment.user_groups[index];
    let over = |what, n: u32| match n > MAX_PEOPLE {
        true => Err(EditError::NotACount {
            what,
            max: MAX_PEOPLE,
        }),
        false => Ok(()),
    };
    // Peak concurrent users are some of the group's users, never more.
    let (users, concurrent) = match change {
        UserGroupChange::Users(users) => (users, group.concurrent),
        UserGroupChange::Concurrent(concurrent) => (group.users, concurrent),
        _ => (group.users, None),
    };
    if let Some(concurrent) = concurrent.filter(|c| *c > users) {
        return Err(EditError::ConcurrentAboveUsers { concurrent, users });
    }
    match change {
        UserGroupChange::Users(users) => {
            over("users", users)?;
            group.users = users;
        }
        UserGroupChange::Devices(devices) => {
            over("devices", devices)?;
            group.devices = devices;
        }
        UserGroupChange::Concurrent(concurrent) => group.concurrent = concurrent,
        UserGroupChange::External(on) => group.external = on,
        UserGroupChange::VisualStudio(on) => group.visual_studio = on,
    }
    Ok(())
}

/// Renames a user group and every placement's reference to it.
pub fn rename_user_group(
    deployment: &mut Deployment,
    old: &str,
    to: &str,
) -> Result<(), EditError> {
    let to = parse_name(to)?;
    let index = group_index(deployment, old)?;
    if to != old && group_index(deployment, &to).is_ok() {
        return Err(EditError::Taken {
            kind: Kind::UserGroup,
            name: to,
        });
    }
    deployment.user_groups[index].name = to.clone();
    for placement in &mut deployment.placements {
        super::replace_name(&mut placement.user_groups, old, &to);
    }
    Ok(())
}

/// Deletes the named user groups and every reference to them; a placement left with nothing
/// goes too.
pub fn delete_user_groups(deployment: &mut Deployment, names: &[String]) -> Result<(), EditError> {
    check_all(Kind::UserGroup, names, |name| {
        group_index(deployment, name).is_ok()
    })?;
    retain_placements(deployment, |placement| {
        placement.user_groups.retain(|name| !names.contains(name))
    });
    deployment
        .user_groups
        .retain(|group| !names.contains(&group.name));
    Ok(())
}

/// Applies `clean` to every placement and drops those it left with nothing to run on (one that
/// was empty before, just added, stays).
fn retain_placements(
    deployment: &mut Deployment,
    mut clean: impl FnMut(&mut crate::estate::Placement),
) {
    deployment.placements.retain_mut(|placement| {
        let before = has_targets(placement);
        clean(placement);
        !before || has_targets(placement)
    });
}

/// Where [`place`] puts a product.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Instances,
    UserGroups,
}

/// Runs a catalogue product on the named instances, or has the named user groups use it: added
/// to the product's first placement with no version, phase or quantity of its own licensed by
/// hosts, else a new placement.
pub fn place(
    deployment: &mut Deployment,
    catalogue: &Catalogue,
    product: &ProductId,
    names: &[String],
    target: Target,
) -> Result<(), EditError> {
    check_fits(catalogue, product, target == Target::UserGroups)?;
    if names.is_empty() {
        return Err(EditError::NothingSelected);
    }
    match target {
        Target::Instances => check_all(Kind::Instance, names, |name| {
            instance_index(deployment, name).is_ok()
        })?,
        Target::UserGroups => check_all(Kind::UserGroup, names, |name| {
            group_index(deployment, name).is_ok()
        })?,
    }
    let existing = deployment.placements.iter().position(|placement| {
        &placement.product == product
            && placement.version.is_none()
            && placement.phase.is_none()
            && placement.quantity.is_none()
            && placement.basis == Basis::Hosts
    });
    let index = match existing {
        Some(index) => index,
        None => super::add_placement(deployment, catalogue, product)?,
    };
    let placement = &mut deployment.placements[index];
    let list = match target {
        Target::Instances => &mut placement.instances,
        Target::UserGroups => &mut placement.user_groups,
    };
    for name in names {
        if !list.contains(name) {
            list.push(name.clone());
        }
    }
    Ok(())
}

/// A product placed on user groups must be licensed by users or devices, and one on instances
/// by what they run on.
pub(super) fn check_fits(
    catalogue: &Catalogue,
    product: &ProductId,
    people: bool,
) -> Result<(), EditError> {
    let Some(found) = catalogue.get(product) else {
        return Err(EditError::UnknownProduct(product.clone()));
    };
    match fits(found.metric, people) {
        true => Ok(()),
        false if people => Err(EditError::NotForPeople {
            product: found.display_name(),
            metric: found.metric.to_string().to_lowercase(),
        }),
        false => Err(EditError::OnlyForPeople {
            product: found.display_name(),
            metric: found.metric.to_string().to_lowercase(),
        }),
    }
}

/// The user groups of a placement: each must exist, and the product must count people.
pub(super) fn check_user_groups(
    deployment: &Deployment,
    catalogue: &Catalogue,
    product: &ProductId,
    groups: &[String],
) -> Result<(), EditError> {
    check_all(Kind::UserGroup, groups, |name| {
        group_index(deployment, name).is_ok()
    })?;
    match groups.is_empty() {
        true => Ok(()),
        false => check_fits(catalogue, product, true),
    }
}

/// The instances of a placement: each must exist, and the product must run on machines.
pub(super) fn check_instances(
    deployment: &Deployment,
    catalogue: &Catalogue,
    product: &ProductId,
    instances: &[String],
) -> Result<(), EditError> {
    check_all(Kind::Instance, instances, |name| {
        instance_index(deployment, name).is_ok()
    })?;
    match instances.is_empty() {
        true => Ok(()),
        false => check_fits(catalogue, product, false),
    }
}

#[cfg(test)]
#[path = "people_tests.rs"]
mod tests;

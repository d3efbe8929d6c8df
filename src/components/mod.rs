//! The page's components: each reads the state from context and renders one part.

mod budget;
mod deployment;
mod files;
mod findings;
mod positions;
mod summary;

pub use budget::BudgetTable;
pub use deployment::DeploymentTable;
pub use files::EntitlementFiles;
pub use findings::FindingList;
pub use positions::PositionTable;
pub use summary::Summary;

use preflight_engine::{ProductId, RulePack};

/// The product's display name, or its id when the catalogue does not know it.
pub fn product_name(pack: &RulePack, id: &ProductId) -> String {
    pack.catalogue
        .get(id)
        .map_or_else(|| id.to_string(), |product| product.display_name())
}

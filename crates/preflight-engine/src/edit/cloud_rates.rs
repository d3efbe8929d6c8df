//! The cloud providers' licence-included rates the page edits: what an instance that may not
//! bring its own licence costs per vCPU and month (MS-CLOUD-BYOL; `licence_included.rs` prices
//! them). Each takes the text as typed and either gives a rate or says why not, changing nothing.

use rust_decimal::Decimal;

use super::people::PROVIDERS;
use super::{EditError, parse_date};
use crate::ProductId;
use crate::catalogue::Catalogue;
use crate::money::{Currency, Money};
use crate::workbook::LicenceIncludedRate;

/// A licence-included rate as typed.
pub struct CloudRateText<'a> {
    /// A provider's value in [`PROVIDERS`] ("aws") or its label ("AWS").
    pub provider: &'a str,
    /// A catalogue product id.
    pub product: &'a str,
    /// The licence's share of the instance price per vCPU and month: the hourly licence
    /// charge × 730 hours.
    pub per_vcpu_month: &'a str,
    pub currency: &'a str,
    /// Either or both may be empty: a rate without dates applies whenever.
    pub valid_from: &'a str,
    pub valid_to: &'a str,
    pub source: &'a str,
}

/// Reads a typed rate: a provider and a product Preflight knows, a price above zero in a known
/// currency, dates in order, and a source (a rate with no source cannot be checked later).
pub fn parse_cloud_rate(
    text: &CloudRateText,
    catalogue: &Catalogue,
) -> Result<LicenceIncludedRate, EditError> {
    let typed = text.provider.trim();
    let provider = PROVIDERS
        .iter()
        .find(|(_, value, label)| {
            value.eq_ignore_ascii_case(typed) || label.eq_ignore_ascii_case(typed)
        })
        .map(|(provider, ..)| *provider)
        .ok_or_else(|| EditError::UnknownProvider(typed.to_string()))?;
    let product = ProductId(text.product.trim().to_string());
    if catalogue.get(&product).is_none() {
        return Err(EditError::UnknownProduct(product));
    }
    let amount = text
        .per_vcpu_month
        .trim()
        .parse::<Decimal>()
        .ok()
        .filter(|amount| *amount > Decimal::ZERO)
        .ok_or_else(|| EditError::NotARate(text.per_vcpu_month.trim().to_string()))?;
    let currency = text
        .currency
        .trim()
        .parse::<Currency>()
        .map_err(|_| EditError::UnknownCurrency(text.currency.trim().to_string()))?;
    let valid_from = parse_date(text.valid_from)?;
    let valid_to = parse_date(text.valid_to)?;
    if let (Some(from), Some(to)) = (valid_from, valid_to)
        && to < from
    {
        return Err(EditError::EndsBeforeStart { from, to });
    }
    let source = text.source.trim();
    if source.is_empty() {
        return Err(EditError::NoSource);
    }
    Ok(LicenceIncludedRate {
        provider,
        product,
        per_vcpu_month: Money::new(amount, currency),
        valid_from,
        valid_to,
        source: source.to_string(),
    })
}

/// Adds a rate; one for the same provider, product and first day replaces it (a corrected
/// rate, not a second one).
pub fn add_cloud_rate(rates: &mut Vec<LicenceIncludedRate>, rate: LicenceIncludedRate) {
    rates.retain(|r| {
        !(r.provider == rate.provider
            && r.product == rate.product
            && r.valid_from == rate.valid_from)
    });
    rates.push(rate);
}

pub fn remove_cloud_rate(rates: &mut Vec<LicenceIncludedRate>, index: usize) {
    if index < rates.len() {
        rates.remove(index);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estate::CloudProvider;
    use crate::rules::RulePack;

    fn text<'a>(provider: &'a str, product: &'a str, price: &'a str) -> CloudRateText<'a> {
        CloudRateText {
            provider,
            product,
            per_vcpu_month: price,
            currency: "USD",
            valid_from: "2026-11-01",
            valid_to: "",
            source: "AWS EC2 On-Demand pricing, us-east-1, 2026-11-01: 0.046 an hour × 730",
        }
    }

    #[test]
    fn a_rate_needs_a_provider_a_product_a_price_dates_in_order_and_a_source() {
        let pack = RulePack::builtin();
        let catalogue = &pack.catalogue;
        let ok = parse_cloud_rate(
            &text(" aws ", "ms-windows-server-standard", "33.58"),
            catalogue,
        )
        .unwrap();
        assert_eq!(ok.provider, CloudProvider::Aws);
        assert_eq!(
            ok.per_vcpu_month,
            Money::new("33.58".parse().unwrap(), Currency::USD)
        );
        assert_eq!(ok.valid_from, "2026-11-01".parse().ok());
        assert_eq!(ok.valid_to, None);
        // The label as the editor shows it is a provider too.
        let google = parse_cloud_rate(
            &text("Google Cloud", "ms-windows-server-standard", "30"),
            catalogue,
        );
        assert_eq!(google.unwrap().provider, CloudProvider::Google);

        let refused = |t: CloudRateText| parse_cloud_rate(&t, catalogue).unwrap_err().to_string();
        assert_eq!(
            refused(text("ibm cloud", "ms-windows-server-standard", "1")),
            "\"ibm cloud\" is not a cloud provider Preflight knows"
        );
        assert_eq!(
            refused(text("aws", "windows", "1")),
            "the catalogue has no product \"windows\""
        );
        for price in ["0", "-1", "1,5", ""] {
            assert!(
                refused(text("aws", "ms-windows-server-standard", price)).contains("is not a rate"),
                "{price}"
            );
        }
        let mut reversed = text("aws", "ms-windows-server-standard", "1");
        reversed.valid_to = "2026-10-31";
        assert_eq!(
            refused(reversed),
            "the rate ends on 2026-10-31, before it starts on 2026-11-01"
        );
        let mut unsourced = text("aws", "ms-windows-server-standard", "1");
        unsourced.source = "  ";
        assert_eq!(refused(unsourced), EditError::NoSource.to_string());
        let mut currency = text("aws", "ms-windows-server-standard", "1");
        currency.currency = "XYZ";
        assert!(refused(currency).starts_with("\"XYZ\" is not a currency"));
    }

    #[test]
    fn a_corrected_rate_replaces_the_one_of_the_same_provider_product_and_start() {
        let pack = RulePack::builtin();
        let rate = |provider, from: &str, price| {
            let mut t = text(provider, "ms-windows-server-standard", price);
            t.valid_from = from;
            parse_cloud_rate(&t, &pack.catalogue).unwrap()
        };
        let mut rates = Vec::new();
        add_cloud_rate(&mut rates, rate("aws", "2026-11-01", "33.58"));
        add_cloud_rate(&mut rates, rate("azure", "2026-11-01", "30.00"));
        add_cloud_rate(&mut rates, rate("aws", "2027-01-01", "35.00"));
        add_cloud_rate(&mut rates, rate("aws", "2026-11-01", "33.50"));
        let prices: Vec<String> = rates
            .iter()
            .map(|r| r.per_vcpu_month.amount.to_string())
            .collect();
        assert_eq!(prices, ["30.00", "35.00", "33.50"]);
        remove_cloud_rate(&mut rates, 9);
        assert_eq!(rates.len(), 3);
        remove_cloud_rate(&mut rates, 0);
        assert_eq!(rates[0].per_vcpu_month.amount.to_string(), "35.00");
    }
}

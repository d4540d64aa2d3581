//! The directory of a network's institutions, and who a one-click inquiry goes to: every national
//! (总对总) institution answering one of the chosen classes, and the local (点对点) agencies of the court's own
//! province.

use std::collections::HashMap;

use super::classes::AssetClass;
use super::protocol::Institution;

#[derive(Debug, Clone, Default)]
pub struct Directory {
    institutions: Vec<Institution>,
    by_code: HashMap<String, usize>,
}

impl Directory {
    pub fn new(institutions: Vec<Institution>) -> Directory {
        let by_code = institutions.iter().enumerate().map(|(i, inst)| (inst.code.clone(), i)).collect();
        Directory { institutions, by_code }
    }

    pub fn is_empty(&self) -> bool {
        self.institutions.is_empty()
    }

    pub fn len(&self) -> usize {
        self.institutions.len()
    }

    pub fn all(&self) -> &[Institution] {
        &self.institutions
    }

    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    pub fn get(&self, code: &str) -> Option<&Institution> {
        self.index_of(code).map(|i| &self.institutions[i])
    }

    /// The institutions (by index) an inquiry of `classes` by a court in province `province` (the first two
    /// digits of its region code; `None` reaches no local agency) goes to, in directory order.
    pub fn targets(&self, classes: &[AssetClass], province: Option<&str>) -> Vec<usize> {
        self.institutions
            .iter()
            .enumerate()
            .filter(|(_, inst)| {
                inst.channel != "local" || (province.is_some() && inst.region.as_deref() == province)
            })
            .filter(|(_, inst)| {
                inst.classes.iter().any(|c| AssetClass::parse(c).is_some_and(|c| classes.contains(&c)))
            })
            .map(|(i, _)| i)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inst(code: &str, channel: &str, region: Option<&str>, classes: &[&str]) -> Institution {
        Institution {
            code: code.into(),
            name: code.into(),
            kind: "bank".into(),
            channel: channel.into(),
            region: region.map(Into::into),
            classes: classes.iter().map(|c| (*c).into()).collect(),
            daily_quota: None,
            batches_per_second: None,
        }
    }

    #[test]
    fn one_click_inquiry_reaches_national_and_own_province_local_agencies() {
        let dir = Directory::new(vec![
            inst("B1", "national", None, &["deposit", "wealth_management"]),
            inst("R-VEH", "national", None, &["vehicle"]),
            inst("L33-RE", "local", Some("33"), &["real_estate"]),
            inst("L11-RE", "local", Some("11"), &["real_estate"]),
        ]);
        let all: Vec<AssetClass> = AssetClass::ALL.to_vec();
        assert_eq!(dir.targets(&all, Some("33")), [0, 1, 2]);
        assert_eq!(dir.targets(&[AssetClass::Deposit], Some("33")), [0]);
        assert_eq!(dir.targets(&[AssetClass::RealEstate], None), Vec::<usize>::new());
        assert_eq!(dir.index_of("L11-RE"), Some(3));
    }
}

//! Which rules run, and at what severity: a bit per rule (asked for every
//! check of every file and every finding), and the selectors users write
//! (`ALL`, a family, a code, a name).

use std::collections::HashMap;

use crate::diagnostic::{Family, RuleMeta, Severity};

/// A set of rules, a bit per rule at its `RuleMeta::slot`: asked for every
/// check of every file and for every finding, so a lookup is one bit test.
#[derive(Debug, Clone, Default)]
pub(crate) struct RuleSet {
    bits: [u64; RuleMeta::SLOTS / 64],
}

impl RuleSet {
    pub(crate) fn from_rules(rules: impl IntoIterator<Item = &'static RuleMeta>) -> RuleSet {
        let mut set = RuleSet::default();
        for rule in rules {
            let slot = rule.slot();
            if let Some(word) = set.bits.get_mut(slot / 64) {
                *word |= 1 << (slot % 64);
            }
        }
        set
    }

    pub(crate) fn contains(&self, rule: &RuleMeta) -> bool {
        let slot = rule.slot();
        self.bits
            .get(slot / 64)
            .is_some_and(|word| word & (1 << (slot % 64)) != 0)
    }
}

/// Which rules are on, and at what severity.
#[derive(Debug, Clone, Default)]
pub struct RuleSelection {
    enabled: RuleSet,
    severity: HashMap<&'static str, Severity>,
}

impl RuleSelection {
    pub fn is_enabled(&self, rule: &RuleMeta) -> bool {
        self.enabled.contains(rule)
    }

    /// The configured severity of a rule, if overridden.
    pub fn severity_override(&self, rule: &RuleMeta) -> Option<Severity> {
        self.severity.get(rule.code).copied()
    }

    pub fn enabled_rules(&self) -> impl Iterator<Item = &'static RuleMeta> + '_ {
        super::ALL
            .iter()
            .copied()
            .filter(|rule| self.is_enabled(rule))
    }
}

/// Resolves a selector: `ALL`, a family prefix (`IMG`), a code or a name.
pub fn resolve_selector(selector: &str) -> Option<Vec<&'static RuleMeta>> {
    if selector.eq_ignore_ascii_case("ALL") {
        return Some(super::ALL.to_vec());
    }
    if let Some(family) = Family::ALL
        .iter()
        .find(|family| family.prefix().eq_ignore_ascii_case(selector) || family.name() == selector)
    {
        return Some(
            super::ALL
                .iter()
                .copied()
                .filter(|rule| rule.family == *family)
                .collect(),
        );
    }
    super::lookup(selector).map(|rule| vec![rule])
}

pub fn selector_candidates() -> Vec<&'static str> {
    let mut candidates: Vec<&'static str> = super::ALL
        .iter()
        .flat_map(|rule| [rule.code, rule.name])
        .collect();
    candidates.extend(Family::ALL.iter().map(|family| family.prefix()));
    candidates.push("ALL");
    candidates
}

impl RuleSelection {
    /// Exactly `rules`, at their own severities but for `severity`.
    pub fn new(
        rules: impl IntoIterator<Item = &'static RuleMeta>,
        severity: HashMap<&'static str, Severity>,
    ) -> RuleSelection {
        RuleSelection {
            enabled: RuleSet::from_rules(rules),
            severity,
        }
    }

    /// Turns on exactly `rules` (severities stay as they are).
    pub fn enable_exactly(&mut self, rules: impl IntoIterator<Item = &'static RuleMeta>) {
        self.enabled = RuleSet::from_rules(rules);
    }

    /// Gives a rule's findings `severity`.
    pub fn set_severity(&mut self, rule: &'static RuleMeta, severity: Severity) {
        self.severity.insert(rule.code, severity);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule has its own slot, and a set holds exactly the rules put
    /// in it (each rule alone, and every other rule).
    #[test]
    fn rule_sets_hold_exactly_their_rules() {
        let mut slots = std::collections::HashSet::new();
        for rule in super::super::ALL.iter() {
            let digits = rule
                .code
                .trim_start_matches(|c: char| c.is_ascii_uppercase());
            assert!(
                !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()),
                "{}",
                rule.code
            );
            assert!(rule.slot() < RuleMeta::SLOTS, "{}", rule.code);
            assert!(slots.insert(rule.slot()), "{} shares a slot", rule.code);
        }
        for (i, rule) in super::super::ALL.iter().enumerate() {
            let alone = RuleSet::from_rules([*rule]);
            let others = RuleSet::from_rules(
                super::super::ALL
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j % 2 != i % 2 || *j == i)
                    .map(|(_, r)| *r),
            );
            for (j, other) in super::super::ALL.iter().enumerate() {
                assert_eq!(
                    alone.contains(other),
                    i == j,
                    "{} {}",
                    rule.code,
                    other.code
                );
                assert_eq!(others.contains(other), j % 2 != i % 2 || j == i);
            }
        }
    }

    #[test]
    fn selectors_by_family_code_and_name() {
        assert!(resolve_selector("FM").unwrap().len() >= 3);
        assert_eq!(resolve_selector("fm001").unwrap()[0].code, "FM001");
        assert_eq!(
            resolve_selector("frontmatter-syntax").unwrap()[0].code,
            "FM001"
        );
        assert!(resolve_selector("nope").is_none());
        // A renamed rule answers to its former name.
        assert_eq!(resolve_selector("future-date").unwrap()[0].code, "FM010");
        assert_eq!(resolve_selector("not-published").unwrap()[0].code, "FM010");
    }
}

//! "Did you mean" suggestions for misspelled names.

/// The candidate closest to `input`, if it is close enough to be a likely
/// typo (Damerau-Levenshtein distance at most a third of the length, and
/// never more than 3 edits). Comparison ignores ASCII case.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let input_lower = input.to_ascii_lowercase();
    let limit = (input.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .filter(|candidate| !candidate.eq_ignore_ascii_case(input))
        .map(|candidate| {
            let distance =
                strsim::damerau_levenshtein(&input_lower, &candidate.to_ascii_lowercase());
            (distance, candidate)
        })
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, candidate)| (*distance, *candidate))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let known = ["title", "categories", "tags", "date"];
        assert_eq!(did_you_mean("titel", known), Some("title"));
        assert_eq!(did_you_mean("catagories", known), Some("categories"));
        assert_eq!(did_you_mean("xml", known), None);
        assert_eq!(did_you_mean("note", known), None);
        assert_eq!(did_you_mean("Title", known), None);
    }
}

//! Front matter rules (FM): the block must exist where a post needs one,
//! be closed and parse (`syntax`: FM001–FM003), and mean what the generator
//! will make of it: no key written twice (`duplicate_key`: FM004), values of
//! a shape it can use (`values`: FM005–FM007), no misspelt field
//! (`unknown_field`: FM008), the configured JSON Schemas (`schema`: FM009),
//! whether and when the page is published (`publish`: FM010, FM011), and no
//! key the target Hugo retired (`removed_key`: FM012).

pub mod duplicate_key;
pub mod publish;
pub mod removed_key;
pub mod schema;
pub mod syntax;
pub mod unknown_field;
pub mod values;

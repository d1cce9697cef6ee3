//! Per-site values computed once per run by whichever part of postlint
//! needs them: a rule keeps its site-wide table here (known front matter
//! fields, template facts) instead of rebuilding it per file or keeping a
//! global cache keyed by path.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

type Slot = Arc<dyn Any + Send + Sync>;

/// One value per type; clones of a `Site` share it.
#[derive(Clone, Default)]
pub struct Memo {
    slots: Arc<Mutex<HashMap<TypeId, Slot>>>,
}

impl Memo {
    /// The site's value of type `T`, computed by `init` on first use. `init`
    /// runs without the lock held, so it may itself use the memo; two threads
    /// racing on a first use both compute, and the first result is kept.
    pub fn get_or_init<T: Any + Send + Sync>(&self, init: impl FnOnce() -> T) -> Arc<T> {
        let key = TypeId::of::<T>();
        if let Some(found) = self.lock().get(&key).cloned().and_then(downcast) {
            return found;
        }
        let value: Slot = Arc::new(init());
        let kept = Arc::clone(self.lock().entry(key).or_insert(value));
        downcast(kept).unwrap_or_else(|| unreachable!("the slot of a TypeId holds that type"))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<TypeId, Slot>> {
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn downcast<T: Any + Send + Sync>(slot: Slot) -> Option<Arc<T>> {
    slot.downcast::<T>().ok()
}

impl fmt::Debug for Memo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Memo")
            .field("slots", &self.lock().len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_once_per_type_and_is_shared_by_clones() {
        let memo = Memo::default();
        let clone = memo.clone();
        let mut runs = 0;
        let first = memo.get_or_init(|| {
            runs += 1;
            42u32
        });
        let second = clone.get_or_init(|| {
            runs += 1;
            7u32
        });
        assert_eq!((*first, *second, runs), (42, 42, 1));
        assert_eq!(*memo.get_or_init(|| "text"), "text");
    }
}

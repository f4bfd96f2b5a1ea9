//! Parts of a state shared copy-on-write between a state and its
//! successors, each keeping its hash once computed.

use super::Thread;
use std::hash::Hash;
use std::sync::Arc;

/// A part of a state shared copy-on-write between a state and its
/// successors, keeping its hash once computed: most steps change one thread
/// and leave the locks, the globals and the output as they are, so a
/// successor copies only what its step changes, and hashing it rehashes only
/// that. Reads go through `Deref`; the first write copies (`DerefMut`) and
/// drops the cached hash.
#[derive(Debug, Default)]
pub struct Shared<T>(Arc<Hashed<T>>);

/// A value and its hash, computed on first use.
#[derive(Debug, Default)]
struct Hashed<T> {
    value: T,
    hash: HashCache,
}

impl<T: Clone> Clone for Hashed<T> {
    fn clone(&self) -> Self {
        // A clone is made to be changed: its hash is computed afresh.
        Hashed { value: self.value.clone(), hash: HashCache::default() }
    }
}

impl<T: PartialEq> PartialEq for Hashed<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Hashed<T> {}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<T: Eq> Eq for Shared<T> {}

impl<T: Hash> Hash for Shared<T> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        h.write_u64(self.0.hash.get_or(|| part_hash(&self.0.value)));
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0.value
    }
}

impl<T: Clone> std::ops::DerefMut for Shared<T> {
    fn deref_mut(&mut self) -> &mut T {
        let c = Arc::make_mut(&mut self.0);
        c.hash = HashCache::default();
        &mut c.value
    }
}

impl<T: Clone> Shared<T> {
    /// The value itself: moved out when nothing else shares it, else copied.
    pub fn into_inner(self) -> T {
        match Arc::try_unwrap(self.0) {
            Ok(h) => h.value,
            Err(shared) => shared.value.clone(),
        }
    }
}

impl<T> From<T> for Shared<T> {
    fn from(value: T) -> Self {
        Shared(Arc::new(Hashed { value, hash: HashCache::default() }))
    }
}

/// A vector of a state, shared copy-on-write (locks, globals, output).
/// An empty one holds nothing to share: most of a state's vectors (lists,
/// objects, stderr, the exit functions) stay empty through a search, and a
/// shared one cost an atomic count up and down in every state copied
/// (cloning and dropping states were a seventh of a search).
pub struct CowVec<T>(Option<Shared<Vec<T>>>);

impl<T> Default for CowVec<T> {
    fn default() -> Self {
        CowVec(None)
    }
}

/// The hash of every empty `CowVec` (a non-empty one hashes its items).
const EMPTY_HASH: u64 = 0x656d_7074_7976_6563;

impl<T> Clone for CowVec<T> {
    fn clone(&self) -> Self {
        CowVec(self.0.clone())
    }
}

impl<T: PartialEq> PartialEq for CowVec<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Eq> Eq for CowVec<T> {}

impl<T: Hash> Hash for CowVec<T> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        match &self.0 {
            Some(shared) if !shared.is_empty() => shared.hash(h),
            _ => h.write_u64(EMPTY_HASH),
        }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for CowVec<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl<T> std::ops::Deref for CowVec<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        match &self.0 {
            Some(shared) => shared,
            None => const { &Vec::new() },
        }
    }
}

impl<T: Clone> std::ops::DerefMut for CowVec<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        self.0.get_or_insert_with(Shared::default)
    }
}

impl<T> From<Vec<T>> for CowVec<T> {
    fn from(items: Vec<T>) -> Self {
        CowVec((!items.is_empty()).then(|| items.into()))
    }
}

/// A hash computed once: 0 means not yet (a hash of 0 is stored as 1).
/// Racing threads may both compute it; they store the same value.
#[derive(Debug, Default)]
pub struct HashCache(std::sync::atomic::AtomicU64);

impl HashCache {
    fn get_or(&self, compute: impl FnOnce() -> u64) -> u64 {
        use std::sync::atomic::Ordering::Relaxed;
        match self.0.load(Relaxed) {
            0 => {
                let h = compute().max(1);
                self.0.store(h, Relaxed);
                h
            }
            h => h,
        }
    }
}

/// The cached hash of a part of a state: aHash with fixed seeds, so equal
/// parts hash alike in every run (fingerprints are compared across runs in
/// pinned counts) and fast where SipHash would dominate a search.
pub(super) fn part_hash<T: Hash + ?Sized>(part: &T) -> u64 {
    ahash::RandomState::with_seeds(0x7079_7468, 0x7265_6164, 0x6361_7665, 0x6174_7321).hash_one(part)
}

/// A vector whose items are each `Shared` on their own: a step changes one
/// or two of a state's threads, and the frame on top of a thread's stack
/// (the library's calls stack four or five deep), so a successor copies
/// those and not the rest (`IndexMut`, `last_mut` and `iter_mut` copy on
/// write).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SharedVec<T>(Vec<Shared<T>>);

/// The threads of a state, main first.
pub type Threads = SharedVec<Thread>;

impl<T> Default for SharedVec<T> {
    fn default() -> Self {
        SharedVec(Vec::new())
    }
}

impl<T> SharedVec<T> {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn push(&mut self, item: T) {
        self.0.push(item.into());
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    pub fn last(&self) -> Option<&T> {
        self.0.last().map(|x| &**x)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator + Clone {
        self.0.iter().map(|x| &**x)
    }

    /// The last item and those before it.
    pub fn split_last(&self) -> Option<(&T, impl DoubleEndedIterator<Item = &T> + ExactSizeIterator + Clone)> {
        self.0.split_last().map(|(last, before)| (&**last, before.iter().map(|x| &**x)))
    }
}

impl<T: Clone> SharedVec<T> {
    /// The last item, taken off (copied if a state still shares it).
    pub fn pop(&mut self) -> Option<T> {
        self.0.pop().map(Shared::into_inner)
    }

    /// The last item, to change (copied first if shared).
    pub fn last_mut(&mut self) -> Option<&mut T> {
        self.0.last_mut().map(|x| &mut **x)
    }

    /// Every item, to change: each is copied if shared.
    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut T> + ExactSizeIterator {
        self.0.iter_mut().map(|x| &mut **x)
    }

    /// Changes the items `which` picks. Only those are copied (a change
    /// through `&mut` copies a shared item even when it writes what was
    /// already there).
    pub fn update(&mut self, which: impl Fn(&T) -> bool, mut change: impl FnMut(&mut T)) {
        for x in self.0.iter_mut().filter(|x| which(x)) {
            change(x);
        }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for SharedVec<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T> std::ops::Index<usize> for SharedVec<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        &self.0[i]
    }
}

impl<T: Clone> std::ops::IndexMut<usize> for SharedVec<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.0[i]
    }
}

impl<T> FromIterator<T> for SharedVec<T> {
    fn from_iter<I: IntoIterator<Item = T>>(it: I) -> SharedVec<T> {
        SharedVec(it.into_iter().map(Shared::from).collect())
    }
}

impl<T> From<Vec<T>> for SharedVec<T> {
    fn from(items: Vec<T>) -> SharedVec<T> {
        items.into_iter().collect()
    }
}

impl<'a, T> IntoIterator for &'a SharedVec<T> {
    type Item = &'a T;
    type IntoIter = std::iter::Map<std::slice::Iter<'a, Shared<T>>, fn(&'a Shared<T>) -> &'a T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|x| &**x)
    }
}

impl<'a, T: Clone> IntoIterator for &'a mut SharedVec<T> {
    type Item = &'a mut T;
    type IntoIter = std::iter::Map<std::slice::IterMut<'a, Shared<T>>, fn(&'a mut Shared<T>) -> &'a mut T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter_mut().map(|x| &mut **x)
    }
}

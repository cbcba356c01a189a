"""A tagged PDF's pages added after another's, with their tags joined to its tag tree.

A stored paper's PDF gains the members' decisions as pages at its end, the
paper's own bytes kept as they were. Both files are tagged (PDF/UA), but
copying pages copies none of their tags: a screen reader would skip the added
pages. So the added file's structure elements are copied too, under the
paper's Document element after its own; each added page is given its own key
in the paper's parent tree (which maps a page's marked content to its
elements), and the IDs table cells name their headers by are kept apart from
the paper's with a prefix.
"""

import io
import logging

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

logger = logging.getLogger(__name__)

# The added file's IDs, kept apart from the paper's own ("U1x0y0" becomes "added-U1x0y0").
ID_PREFIX = "added-"
# An element's keys the copy sets itself: its parent, page, children and ID.
SET_BY_COPY = {"/P", "/Pg", "/K", "/ID"}


def append_tagged_pages(first: bytes, then: bytes) -> bytes:
    """`first` with `then`'s pages after its own, `then`'s tags joined to `first`'s tree.

    A tree of another shape than Typst writes (a record made before the PDF was
    laid out by Typst, say) gets the pages untagged, as copying pages alone does.
    """
    try:
        return joined(first, then)
    except (KeyError, ValueError) as error:
        logger.warning("The added pages' tags were left out: %s", error)
        return appended(first, then)


def appended(first: bytes, then: bytes) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(first))
    writer.append(io.BytesIO(then))
    return written(writer)


def joined(first: bytes, then: bytes) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(first))
    reader = PdfReader(io.BytesIO(then))
    tree = document_tree(writer._root_object)
    their_tree = document_tree(reader.trailer["/Root"])
    pages = {}
    for page in reader.pages:
        added = writer.add_page(page)
        pages[page.indirect_reference.idnum] = added.indirect_reference
    TagCopy(writer, tree, pages).join(their_tree, reader)
    return written(writer)


def written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def document_tree(catalog) -> DictionaryObject:
    """The catalog's tag tree, if it is one Document element over a flat parent tree."""
    tree = catalog["/StructTreeRoot"].get_object()
    kids = tree["/K"]
    if not isinstance(kids, list) or len(kids) != 1 or not isinstance(kids[0], IndirectObject):
        raise ValueError("the tag tree is not one Document element")
    if kids[0].get_object().get("/S") != "/Document":
        raise ValueError("the tag tree's root is not a Document element")
    if "/Nums" not in tree["/ParentTree"].get_object():
        raise ValueError("the parent tree is not flat")
    return tree


class TagCopy:
    """Copies one tag tree's elements into the writer's, under its Document element."""

    def __init__(self, writer: PdfWriter, tree: DictionaryObject, pages: dict):
        self.writer = writer
        self.tree = tree
        self.pages = pages  # the added file's page object numbers: their copies
        self.copies: dict[int, IndirectObject] = {}  # element object numbers: their copies
        self.ids: list = []  # the copies' IDs, for the ID tree

    def join(self, their_tree: DictionaryObject, reader: PdfReader):
        document = self.tree["/K"][0]
        for child in their_tree["/K"][0].get_object()["/K"]:
            document.get_object()["/K"].append(self.copy(child, document))
        self.join_parent_trees(their_tree, reader)
        self.join_id_trees()
        role_map = self.tree.setdefault(NameObject("/RoleMap"), DictionaryObject())
        for role, standard in their_tree.get("/RoleMap", {}).items():
            role_map.setdefault(NameObject(role), standard)

    def copy(self, reference, parent: IndirectObject):
        """An element or marked-content reference copied, with the writer's page and parent."""
        if not isinstance(reference, IndirectObject):
            return self.copy_direct(reference, parent)
        element = reference.get_object()
        copied = DictionaryObject(
            {
                NameObject(key): value.clone(self.writer)
                for key, value in element.items()
                if key not in SET_BY_COPY
            }
        )
        ref = self.writer._add_object(copied)
        self.copies[reference.idnum] = ref
        copied[NameObject("/P")] = parent
        self.point_at_page(element, copied)
        if "/ID" in element:
            copied[NameObject("/ID")] = TextStringObject(ID_PREFIX + element["/ID"])
            self.ids.append(copied["/ID"])
            self.ids.append(ref)
        if "/A" in copied:
            renamed_headers(copied["/A"])
        if "/K" in element:
            kids = element["/K"]
            copied[NameObject("/K")] = (
                ArrayObject(self.copy(kid, ref) for kid in kids)
                if isinstance(kids, list)
                else self.copy(kids, ref)
            )
        return ref

    def copy_direct(self, kid, parent: IndirectObject):
        """A marked-content ID stays as it is; a marked-content reference gets its page."""
        if isinstance(kid, DictionaryObject):
            if kid.get("/Type") == "/OBJR":
                raise ValueError("annotations' tags are not copied")
            copied = kid.clone(self.writer)
            self.point_at_page(kid, copied)
            return copied
        return kid

    def point_at_page(self, original, copied):
        if "/Pg" in original:
            copied[NameObject("/Pg")] = self.pages[original.raw_get("/Pg").idnum]

    def join_parent_trees(self, their_tree: DictionaryObject, reader: PdfReader):
        """Each added page's marked content mapped to its copied elements, under a new key."""
        nums = self.tree["/ParentTree"].get_object()["/Nums"]
        theirs = their_tree["/ParentTree"].get_object()["/Nums"]
        their_entries = dict(zip(theirs[::2], theirs[1::2], strict=True))
        key = int(self.tree.get("/ParentTreeNextKey", len(nums) // 2))
        for page in reader.pages:
            entry = their_entries[page["/StructParents"]].get_object()
            copied = ArrayObject(
                self.copies[element.idnum] if isinstance(element, IndirectObject) else element
                for element in entry
            )
            added = self.pages[page.indirect_reference.idnum].get_object()
            added[NameObject("/StructParents")] = NumberObject(key)
            nums.extend([NumberObject(key), self.writer._add_object(copied)])
            key += 1
        self.tree[NameObject("/ParentTreeNextKey")] = NumberObject(key)

    def join_id_trees(self):
        if not self.ids:
            return
        id_tree = self.tree.setdefault(NameObject("/IDTree"), DictionaryObject())
        names = id_tree.get_object().setdefault(NameObject("/Names"), ArrayObject())
        # A name tree's names are in order: the copies' go in among the paper's.
        pairs = [*zip(names[::2], names[1::2], strict=True)]
        pairs += zip(self.ids[::2], self.ids[1::2], strict=True)
        names[:] = [item for pair in sorted(pairs, key=lambda pair: str(pair[0])) for item in pair]


def renamed_headers(attributes):
    """A table cell's /Headers (the IDs of its header cells) given the copies' prefix."""
    for owner in attributes if isinstance(attributes, list) else [attributes]:
        owner = owner.get_object()
        if "/Headers" in owner:
            owner[NameObject("/Headers")] = ArrayObject(
                TextStringObject(ID_PREFIX + header) for header in owner["/Headers"]
            )

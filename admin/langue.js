// The form editor in French to the end. Decap CMS 3.16.3 ships the French interface of
// decap-cms-locales 3.8.2, which lacks some of the English keys (the account menu's label, the editorial
// workflow's status tooltips, the notes, some buttons of the images and the Markdown field…): Decap then
// shows the English text. The missing texts, and a few that were left in English or misspelt, are added
// here, on top of Decap's French, by CMS.registerLocale (which replaces a language's texts whole:
// Decap's own are merged in first). A test compares the keys of Decap's English with the French the
// page ends up with (tests/test_admin_apercu.py), so a key a new Decap adds is noticed.

export const complements = {
  auth: {
    loginWithForgejo: "Se connecter avec Forgejo",
    errors: {
      identitySettings: "Impossible d'accéder aux paramètres d'identité. Avec le backend git-gateway, vérifiez que le "
        + "service Identity et la passerelle Git sont activés.",
    },
  },
  app: { header: { media: "Médias" } },
  collection: {
    collectionTop: { viewAsList: "Afficher en liste", viewAsGrid: "Afficher en grille" },
    entries: { unpublishedHeader: "Fiches non publiées" },
  },
  editor: {
    editorControl: { field: { widgetLabel: "Champ %{widgetLabel}" } },
    editorControlPane: {
      i18n: {
        copyFromLocale: "Remplir depuis une autre langue",
        copyFromLocaleConfirm: "Remplir avec le contenu en %{locale} ?\nTout ce qui est déjà saisi sera remplacé.",
      },
    },
    editorInterface: { toggleNotes: "Afficher ou masquer les notes" },
    editorNotesPane: {
      title: "Notes",
      emptyState: "Aucune note pour l'instant. Ajoutez la première ci-dessous pour échanger avec l'équipe.",
      addNote: "Ajouter la note",
      addPlaceholder: "Ajouter une note…",
      editPlaceholder: "Modifier la note…",
      save: "Enregistrer",
      cancel: "Annuler",
      edit: "Modifier",
      delete: "Supprimer",
      resolve: "Marquer comme résolue",
      unresolve: "Rouvrir",
      confirmDelete: "Supprimer cette note ?",
      shortcut: "Astuce : Ctrl+Entrée ajoute la note.",
    },
    editorToolbar: {
      deleteUnpublishedChanges: "Supprimer les modifications non publiées",
      status: "Statut : %{status}",
      statusInfoTooltipDraft: "La fiche est en brouillon. Pour la soumettre à la relecture, passez son statut à "
        + "« En cours de révision ».",
      statusInfoTooltipInReview: "La fiche est en cours de relecture : vous n'avez rien d'autre à faire, mais vous "
        + "pouvez encore la modifier pendant ce temps.",
    },
    editorWidgets: {
      markdown: {
        strikethrough: "Barré",
        toggleMode: { rich: "Passer en mode texte enrichi", markdown: "Passer en mode Markdown" },
      },
      image: { chooseMultiple: "Choisir des images", addMore: "Ajouter des images", removeAll: "Retirer toutes les images" },
      file: { chooseMultiple: "Choisir des fichiers", addMore: "Ajouter des fichiers", removeAll: "Retirer tous les fichiers" },
      datetime: { setToNow: "Mettre la date du jour dans %{fieldLabel}" },
      object: { expand: "Déplier", collapse: "Replier" },
    },
  },
  mediaLibrary: { mediaLibraryModal: { close: "Fermer" } },
  // Decap's French speaks of blog posts (« Nouvel article ») and of entries: here they are fiches
  workflow: {
    workflow: {
      newPost: "Nouvelle fiche",
      description: "%{smart_count} fiche en attente de relecture, %{readyCount} prête(s) à publier. |||| "
        + "%{smart_count} fiches en attente de relecture, %{readyCount} prête(s) à publier.",
    },
  },
  ui: {
    settingsDropdown: { account: "Menu du compte" },
    toast: {
      noteAdded: "Note ajoutée",
      onFailToAddNote: "Échec de l'ajout de la note : %{details}",
      noteUpdated: "Note modifiée",
      onFailToUpdateNote: "Échec de la modification de la note : %{details}",
      noteDeleted: "Note supprimée",
      onFailToDeleteNote: "Échec de la suppression de la note : %{details}",
      noteResolved: "Note résolue",
      noteReopened: "Note rouverte",
      onFailToToggleNote: "Échec du changement d'état de la note : %{details}",
    },
  },
};

// `base` with the texts of `added` on top, at every depth (neither is changed)
export function merged(base, added) {
  const out = { ...base };
  for (const [key, value] of Object.entries(added)) {
    out[key] = value && typeof value === "object" && base && typeof base[key] === "object"
      ? merged(base[key], value) : value;
  }
  return out;
}

window.CMS.registerLocale("fr", merged(window.CMS.getLocale("fr") || {}, complements));

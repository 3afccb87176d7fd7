import type { en } from './en';

/** Le catalogue français : mêmes clés que l'anglais, vérifiées par le typage. */
export const fr: Record<keyof typeof en, string> = {
  'nav.home': 'Accueil',
  'nav.signIn': 'Se connecter',
  'nav.signUp': "S'inscrire",
  'nav.signOut': 'Se déconnecter',
  'nav.language': 'Langue',
  'nav.signedInAs': 'Connecté en tant que {name}',
  'nav.skip': 'Aller au contenu',
  'footer.poweredBy': 'Propulsé par edgetube, compatible avec PeerTube',

  'home.title': 'Accueil',
  'home.empty': "Aucune vidéo pour l'instant.",

  'notFound.title': 'Introuvable',
  'notFound.body': "Cette page n'existe pas, ou elle n'est pas publique.",

  'language.title': 'Langue',
  'language.intro': "Choisissez la langue de l'interface.",
  'language.save': 'Enregistrer',
  'language.auto': 'Automatique (selon le navigateur)',

  'signIn.title': 'Connexion',
  'signIn.username': "Nom d'utilisateur ou e-mail",
  'signIn.password': 'Mot de passe',
  'signIn.submit': 'Se connecter',
  'signIn.invalid': "Nom d'utilisateur ou mot de passe incorrect.",
  'signIn.blocked': 'Ce compte est bloqué.',
  'signIn.noAccount': 'Pas encore de compte ?',
  'signIn.tooMany': 'Trop de tentatives. Réessayez dans une minute.',

  'signUp.title': 'Créer un compte',
  'signUp.closed': "Cette instance n'accepte pas de nouveaux comptes pour le moment.",
  'signUp.username': "Nom d'utilisateur",
  'signUp.usernameHelp': 'Lettres minuscules, chiffres, points, tirets et tirets bas.',
  'signUp.displayName': 'Nom affiché',
  'signUp.email': 'E-mail',
  'signUp.password': 'Mot de passe',
  'signUp.passwordHelp': 'Au moins 6 caractères.',
  'signUp.terms': "J'ai lu et j'accepte les règles de cette instance.",
  'signUp.rules': 'Règles de cette instance',
  'signUp.submit': 'Créer mon compte',
  'signUp.haveAccount': 'Déjà un compte ?',

  'form.invalid': 'Corrigez les champs indiqués ci-dessous.',
  'form.required': 'Ce champ est obligatoire.',
  'form.csrf': 'Ce formulaire a expiré. Rechargez la page et réessayez.',

  'nav.upload': 'Téléverser',
  'nav.myVideos': 'Mes vidéos',

  'error.title': "Une erreur s'est produite",
  'error.back': "Retour à l'accueil",
};

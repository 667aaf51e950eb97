/** schemas/federal/vlp: our draft-04 schemas of the VLP messages (CMS publishes none in JSON; see README there). */
export const VLP_SCHEMA_FOLDER = 'vlp';
